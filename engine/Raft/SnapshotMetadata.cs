namespace Engine.Raft;

/// <summary>Where a snapshot sits in the log (the last index and term it covers) and the configuration at that point.</summary>
public readonly record struct SnapshotMetadata(ulong Index, ulong Term, ConfState ConfState);
