namespace Engine.Raft;

/// <summary>
/// The configuration (voters and learners) and the leader's per-member progress, votes and quorum maths
/// (etcd's tracker.ProgressTracker and quorum.MajorityConfig, single-step configurations only).
/// Members are visited in ascending id order so a run is deterministic.
/// </summary>
internal sealed class ProgressTracker
{
    private readonly Dictionary<ulong, Progress> _progress = [];
    private readonly Dictionary<ulong, bool> _votes = [];
    private ulong[] _sortedIds = [];
    private ulong[] _matchScratch = [];

    public ProgressTracker(int maxInflight) => MaxInflight = maxInflight;

    public int MaxInflight { get; }

    /// <summary>Voter ids, ascending (an array: iterating allocates nothing).</summary>
    public ulong[] Voters { get; private set; } = [];

    /// <summary>Learner ids, ascending.</summary>
    public ulong[] Learners { get; private set; } = [];

    /// <summary>Every member id, ascending.</summary>
    public IReadOnlyList<ulong> Ids => _sortedIds;

    public Progress? Get(ulong id) => _progress.GetValueOrDefault(id);

    public Progress this[ulong id] => _progress[id];

    public int Quorum => Voters.Length / 2 + 1;

    public bool IsSingleton => Voters.Length == 1 && Learners.Length == 0;

    public bool IsVoter(ulong id) => Array.IndexOf(Voters, id) >= 0;

    public ConfState ConfState() => new(Voters, Learners);

    public void AddVoter(ulong id, ulong next)
    {
        Learners = Without(Learners, id);
        Voters = With(Voters, id);
        if (_progress.TryGetValue(id, out Progress? p))
        {
            p.IsLearner = false;
            return;
        }

        _progress[id] = new Progress(next, MaxInflight, false) { RecentActive = true };
        Reindex();
    }

    public void AddLearner(ulong id, ulong next)
    {
        Voters = Without(Voters, id);
        Learners = With(Learners, id);
        if (_progress.TryGetValue(id, out Progress? p))
        {
            p.IsLearner = true;
            return;
        }

        _progress[id] = new Progress(next, MaxInflight, true) { RecentActive = true };
        Reindex();
    }

    public void Remove(ulong id)
    {
        Voters = Without(Voters, id);
        Learners = Without(Learners, id);
        _progress.Remove(id);
        Reindex();
    }

    public void Clear()
    {
        Voters = [];
        Learners = [];
        _progress.Clear();
        Reindex();
    }

    /// <summary>The largest index replicated on a quorum of voters.</summary>
    public ulong Committed()
    {
        int n = Voters.Length;
        if (n == 0) return ulong.MaxValue; // no voters: everything is committed (etcd's convention)
        if (_matchScratch.Length != n) _matchScratch = new ulong[n];
        int i = 0;
        foreach (ulong id in Voters) _matchScratch[i++] = _progress[id].Match;
        Array.Sort(_matchScratch);
        return _matchScratch[n - Quorum];
    }

    public void ResetVotes() => _votes.Clear();

    public void RecordVote(ulong id, bool granted) => _votes.TryAdd(id, granted);

    public (int Granted, int Rejected, VoteResult Result) TallyVotes()
    {
        int granted = 0;
        int rejected = 0;
        foreach (ulong id in Voters)
        {
            if (!_votes.TryGetValue(id, out bool v)) continue;
            if (v) granted++;
            else rejected++;
        }

        return (granted, rejected, Result(granted, Voters.Length - granted - rejected));
    }

    /// <summary>Whether the voters among <paramref name="acks"/> form a quorum.</summary>
    public VoteResult AckResult(IReadOnlySet<ulong> acks)
    {
        int granted = 0;
        foreach (ulong id in Voters) if (acks.Contains(id)) granted++;
        return Result(granted, Voters.Length - granted);
    }

    /// <summary>True when a quorum of voters was recently active (CheckQuorum).</summary>
    public bool QuorumActive(ulong self)
    {
        int active = 0;
        foreach (ulong id in Voters) if (id == self || _progress[id].RecentActive) active++;
        return active >= Quorum;
    }

    private VoteResult Result(int granted, int missing)
    {
        if (Voters.Length == 0) return VoteResult.Won;
        if (granted >= Quorum) return VoteResult.Won;
        if (granted + missing >= Quorum) return VoteResult.Pending;
        return VoteResult.Lost;
    }

    private static ulong[] With(ulong[] ids, ulong id) => Array.IndexOf(ids, id) >= 0 ? ids : ids.Append(id).Order().ToArray();

    private static ulong[] Without(ulong[] ids, ulong id) => Array.IndexOf(ids, id) < 0 ? ids : ids.Where(x => x != id).ToArray();

    private void Reindex()
    {
        _sortedIds = _progress.Keys.Order().ToArray();
    }
}
