namespace Engine.Raft;

/// <summary>What the transport reports after trying to send a snapshot to a follower.</summary>
public enum SnapshotStatus : byte
{
    Finish = 0,
    Failure = 1,
}
