using Engine.Raft;

namespace Engine.Server.Apply;

/// <summary>One item of the apply queue: committed entries, or a leader's snapshot to install.</summary>
internal readonly record struct ApplyWork(IReadOnlyList<Entry> Entries, SnapshotMetadata? Snapshot);
