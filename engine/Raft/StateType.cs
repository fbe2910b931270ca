namespace Engine.Raft;

/// <summary>The role a raft node plays.</summary>
public enum StateType : byte
{
    Follower = 0,
    Candidate = 1,
    Leader = 2,
    PreCandidate = 3,
}
