namespace Engine.Raft;

/// <summary>A snapshot of a node's raft state for diagnostics and the server's status endpoints.</summary>
public sealed class Status
{
    public required ulong Id { get; init; }

    public required HardState HardState { get; init; }

    public required SoftState SoftState { get; init; }

    public required ulong Applied { get; init; }

    public required ulong LeadTransferee { get; init; }

    public required ConfState Config { get; init; }

    /// <summary>Per-member replication progress (empty unless this node is the leader): id to (match, next, state).</summary>
    public required IReadOnlyDictionary<ulong, (ulong Match, ulong Next, ProgressState State)> Progress { get; init; }
}
