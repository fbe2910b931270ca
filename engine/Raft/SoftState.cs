namespace Engine.Raft;

/// <summary>Volatile state that never needs persisting: who the leader is and what role this node plays.</summary>
public readonly record struct SoftState(ulong Lead, StateType RaftState);
