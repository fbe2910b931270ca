namespace Engine.Raft;

/// <summary>How the leader confirms a ReadIndex request.</summary>
public enum ReadOnlyOption : byte
{
    /// <summary>A heartbeat round acknowledged by a quorum confirms leadership (always linearizable).</summary>
    Safe = 0,

    /// <summary>Trust the leader lease (needs CheckQuorum and bounded clock drift).</summary>
    LeaseBased = 1,
}
