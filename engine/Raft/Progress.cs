namespace Engine.Raft;

/// <summary>The leader's view of one follower: what it has (Match), what to send next (Next) and how (State).</summary>
public sealed class Progress
{
    public Progress(ulong next, int maxInflight, bool isLearner)
    {
        Next = next;
        Inflights = new Inflights(maxInflight);
        IsLearner = isLearner;
    }

    public ulong Match { get; internal set; }

    public ulong Next { get; internal set; }

    public ProgressState State { get; private set; } = ProgressState.Probe;

    /// <summary>While in Snapshot state: the index of the snapshot being sent.</summary>
    public ulong PendingSnapshot { get; internal set; }

    /// <summary>Heard from in the current CheckQuorum interval.</summary>
    public bool RecentActive { get; internal set; }

    /// <summary>In Probe state: an append was sent and no answer came yet (one probe in flight).</summary>
    public bool ProbeSent { get; internal set; }

    public Inflights Inflights { get; }

    public bool IsLearner { get; internal set; }

    public bool IsPaused => State switch
    {
        ProgressState.Probe => ProbeSent,
        ProgressState.Replicate => Inflights.Full,
        _ => true,
    };

    internal void ResetState(ProgressState state)
    {
        ProbeSent = false;
        PendingSnapshot = 0;
        State = state;
        Inflights.Reset();
    }

    internal void BecomeProbe()
    {
        if (State == ProgressState.Snapshot)
        {
            ulong pending = PendingSnapshot;
            ResetState(ProgressState.Probe);
            Next = Math.Max(Match + 1, pending + 1);
        }
        else
        {
            ResetState(ProgressState.Probe);
            Next = Match + 1;
        }
    }

    internal void BecomeReplicate()
    {
        ResetState(ProgressState.Replicate);
        Next = Match + 1;
    }

    internal void BecomeSnapshot(ulong snapshotIndex)
    {
        ResetState(ProgressState.Snapshot);
        PendingSnapshot = snapshotIndex;
    }

    /// <summary>An acknowledgement up to <paramref name="index"/>; true when Match advanced.</summary>
    internal bool MaybeUpdate(ulong index)
    {
        bool updated = false;
        if (Match < index)
        {
            Match = index;
            updated = true;
            ProbeSent = false;
        }

        Next = Math.Max(Next, index + 1);
        return updated;
    }

    internal void OptimisticUpdate(ulong index) => Next = index + 1;

    /// <summary>A rejection of the append at <paramref name="rejected"/>; true when Next moved back (not a stale rejection).</summary>
    internal bool MaybeDecrTo(ulong rejected, ulong matchHint)
    {
        if (State == ProgressState.Replicate)
        {
            if (rejected <= Match) return false;
            Next = Match + 1;
            return true;
        }

        if (Next - 1 != rejected) return false;
        Next = Math.Max(Math.Min(rejected, matchHint + 1), 1);
        ProbeSent = false;
        return true;
    }

    public override string ToString() => $"{State} match={Match} next={Next}" + (IsLearner ? " learner" : "");
}
