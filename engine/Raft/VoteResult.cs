namespace Engine.Raft;

/// <summary>The outcome of counting votes (or acknowledgements) against a quorum.</summary>
public enum VoteResult : byte
{
    Pending = 0,
    Lost = 1,
    Won = 2,
}
