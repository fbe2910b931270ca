namespace Engine.Raft;

/// <summary>
/// The answer to a ReadIndex request: once the local state machine has applied <see cref="Index"/>,
/// a read for <see cref="RequestCtx"/> is linearizable.
/// </summary>
public readonly record struct ReadState(ulong Index, ReadOnlyMemory<byte> RequestCtx);
