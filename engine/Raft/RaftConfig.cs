namespace Engine.Raft;

/// <summary>Everything a raft node is built from (etcd's raft.Config).</summary>
public sealed class RaftConfig
{
    /// <summary>This node's id (never 0).</summary>
    public required ulong Id { get; init; }

    /// <summary>Ticks without hearing from a leader before a follower campaigns (randomized in [ElectionTick, 2*ElectionTick)).</summary>
    public int ElectionTick { get; init; } = 10;

    /// <summary>Ticks between leader heartbeats; must be less than <see cref="ElectionTick"/>.</summary>
    public int HeartbeatTick { get; init; } = 1;

    /// <summary>The stable log (entries persisted so far, and the last snapshot).</summary>
    public ILogStorage LogStorage { get; init; } = null!;

    /// <summary>The persisted hard state and configuration.</summary>
    public IStateStorage StateStorage { get; init; } = null!;

    /// <summary>The last index applied to the state machine (only set when restarting).</summary>
    public ulong Applied { get; init; }

    /// <summary>Byte limit of the entries in one MsgApp (at least one entry is always sent).</summary>
    public ulong MaxSizePerMsg { get; init; } = 1024 * 1024;

    /// <summary>Byte limit of the committed entries handed out in one Ready.</summary>
    public ulong MaxCommittedSizePerReady { get; init; } = ulong.MaxValue;

    /// <summary>How many MsgApps may be in flight to one follower in Replicate state.</summary>
    public int MaxInflightMsgs { get; init; } = 256;

    /// <summary>A leader steps down when it has not heard from a quorum within an election timeout.</summary>
    public bool CheckQuorum { get; init; }

    /// <summary>Run a pre-election (no term bump) before campaigning, so a rejoining node cannot disrupt the cluster.</summary>
    public bool PreVote { get; init; }

    public ReadOnlyOption ReadOnlyOption { get; init; } = ReadOnlyOption.Safe;

    /// <summary>The only source of randomness (election timeouts); seed it for deterministic runs.</summary>
    public Random Random { get; init; } = new();

    /// <summary>Convenience for tests and the server's in-memory tail: one storage for both roles.</summary>
    public MemoryStorage Storage
    {
        init
        {
            LogStorage = value;
            StateStorage = value;
        }
    }

    internal void Validate()
    {
        if (Id == 0) throw new ArgumentException("cannot use 0 as a raft id");
        if (LogStorage is null || StateStorage is null) throw new ArgumentException("LogStorage and StateStorage (or Storage) must be set");
        if (HeartbeatTick <= 0) throw new ArgumentException("heartbeat tick must be greater than 0");
        if (ElectionTick <= HeartbeatTick) throw new ArgumentException("election tick must be greater than heartbeat tick");
        if (MaxInflightMsgs <= 0) throw new ArgumentException("max inflight messages must be greater than 0");
        if (ReadOnlyOption == ReadOnlyOption.LeaseBased && !CheckQuorum) throw new ArgumentException("CheckQuorum must be enabled when ReadOnlyOption is LeaseBased");
    }
}
