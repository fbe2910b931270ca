using Engine.Raft;

namespace Engine.Server.Raft;

/// <summary>Where the raft loop hands what must be applied, in raft's order: a leader's snapshot, then committed entries.</summary>
internal interface IRaftApplyHandler
{
    /// <summary>Committed entries, in order; called only after every entry up to them is durable in the WAL.</summary>
    void OnCommitted(IReadOnlyList<Entry> entries);

    /// <summary>
    /// A leader's snapshot raft accepted, after its WAL marker is durable and before the committed entries of the
    /// same Ready: the state machines must be replaced by it, in order with the entries.
    /// </summary>
    void OnSnapshot(Snapshot snapshot);
}
