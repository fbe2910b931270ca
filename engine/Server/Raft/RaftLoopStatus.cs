namespace Engine.Server.Raft;

/// <summary>What the raft loop publishes for other threads: its term, the newest commit index it saw, whether it stopped on a failure.</summary>
internal sealed class RaftLoopStatus
{
    private ulong _term;
    private ulong _committed;
    private volatile bool _failed;

    public ulong Term
    {
        get => Volatile.Read(ref _term);
        set => Volatile.Write(ref _term, value);
    }

    /// <summary>The newest committed index raft has reported (for the too-many-requests check).</summary>
    public ulong CommittedIndex
    {
        get => Volatile.Read(ref _committed);
        set => Volatile.Write(ref _committed, value);
    }

    public bool Failed
    {
        get => _failed;
        set => _failed = value;
    }
}
