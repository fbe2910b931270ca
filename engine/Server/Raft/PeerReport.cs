using Engine.Raft;

namespace Engine.Server.Raft;

/// <summary>The transport's news about a peer for the raft loop: a dropped message (unreachable) or a snapshot's outcome.</summary>
internal sealed record PeerReport(ulong PeerId, SnapshotStatus? SnapshotOutcome) : RaftInput
{
    /// <summary>Tells raft (on the raft thread).</summary>
    public void ApplyTo(RawNode node)
    {
        if (SnapshotOutcome is SnapshotStatus status)
        {
            node.ReportSnapshot(PeerId, status);
        }
        else
        {
            node.ReportUnreachable(PeerId);
        }
    }
}
