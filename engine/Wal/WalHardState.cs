namespace Engine.Wal;

/// <summary>The raft hard state as the WAL stores it (three opaque numbers to the WAL).</summary>
public readonly record struct WalHardState(ulong Term, ulong Vote, ulong Commit);
