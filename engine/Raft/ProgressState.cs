namespace Engine.Raft;

/// <summary>How the leader is replicating to one follower (etcd tracker.StateType).</summary>
public enum ProgressState : byte
{
    /// <summary>One append at a time, until the follower's match index is found.</summary>
    Probe = 0,

    /// <summary>Streaming appends optimistically, bounded by the in-flight window.</summary>
    Replicate = 1,

    /// <summary>A snapshot is on its way; no appends until it is reported.</summary>
    Snapshot = 2,
}
