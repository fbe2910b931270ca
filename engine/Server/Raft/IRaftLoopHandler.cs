using Engine.Raft;

namespace Engine.Server.Raft;

/// <summary>What the raft loop tells the proposer, in Ready order: read states, role changes, dropped proposals, a fatal stop.</summary>
internal interface IRaftLoopHandler
{
    /// <summary>Answers to ReadIndex rounds (serve each once the applied index reaches its Index).</summary>
    void OnReadStates(IReadOnlyList<ReadState> readStates);

    /// <summary>Leader or role changed.</summary>
    void OnSoftState(SoftState state, ulong term);

    /// <summary>Raft refused a proposal (no leader known): wake its proposer.</summary>
    void OnProposalDropped(ulong requestId);

    /// <summary>The WAL failed: the loop has stopped and nothing more will be acknowledged.</summary>
    void OnFatal(Exception error);
}
