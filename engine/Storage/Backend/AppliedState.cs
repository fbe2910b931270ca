namespace Engine.Storage.Backend;

/// <summary>
/// The raft position the db file holds: index and term of the last applied entry and the encoded ConfState
/// (empty when none was saved). WAL replay resumes at <see cref="ConsistentIndex"/> + 1.
/// </summary>
public sealed record AppliedState(ulong ConsistentIndex, ulong Term, byte[] ConfState);
