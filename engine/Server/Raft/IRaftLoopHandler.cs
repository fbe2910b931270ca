using Engine.Raft;

namespace Engine.Server.Raft;

/// <summary>What the raft loop hands out, in Ready order: committed entries after they are durable, read states, role changes.</summary>
internal interface IRaftLoopHandler
{
    /// <summary>Committed entries, in order; called only after every entry up to them is durable in the WAL.</summary>
    void OnCommitted(IReadOnlyList<Entry> entries);

    /// <summary>
    /// A leader's snapshot raft accepted, after its WAL marker is durable and before the committed entries of the
    /// same Ready: the state machines must be replaced by it, in order with the entries.
    /// </summary>
    void OnSnapshot(Snapshot snapshot);

    /// <summary>Answers to ReadIndex rounds (serve each once the applied index reaches its Index).</summary>
    void OnReadStates(IReadOnlyList<ReadState> readStates);

    /// <summary>Leader or role changed.</summary>
    void OnSoftState(SoftState state, ulong term);

    /// <summary>Raft refused a proposal (no leader known): wake its proposer.</summary>
    void OnProposalDropped(ulong requestId);

    /// <summary>The WAL failed: the loop has stopped and nothing more will be acknowledged.</summary>
    void OnFatal(Exception error);
}
