using Engine.Common.Errors;

namespace Engine.Raft;

/// <summary>
/// The raft state machine (etcd's raft struct): Step and Tick in, messages and log changes out.
/// No I/O, no clock, no threads. <see cref="RawNode"/> is the public face; tests reach this through it.
/// </summary>
internal sealed partial class RaftCore
{
    internal static readonly byte[] CampaignTransferContext = "CampaignTransfer"u8.ToArray();

    private readonly Random _random;
    private readonly int _heartbeatTimeout;
    private readonly int _electionTimeout;
    private readonly ulong _maxMsgSize;
    private readonly List<Message> _pendingReadIndexMessages = [];
    private int _randomizedElectionTimeout;
    private int _electionElapsed;
    private int _heartbeatElapsed;

    public RaftCore(RaftConfig config)
    {
        config.Validate();
        Id = config.Id;
        _random = config.Random;
        _heartbeatTimeout = config.HeartbeatTick;
        _electionTimeout = config.ElectionTick;
        _maxMsgSize = config.MaxSizePerMsg;
        CheckQuorum = config.CheckQuorum;
        PreVote = config.PreVote;
        Log = new RaftLog(config.LogStorage, config.MaxCommittedSizePerReady);
        Tracker = new ProgressTracker(config.MaxInflightMsgs);
        ReadOnly = new ReadIndexQueue(config.ReadOnlyOption);

        (HardState hardState, ConfState confState) = config.StateStorage.InitialState();
        RestoreConfig(confState);
        if (!hardState.IsEmpty) LoadState(hardState);
        if (config.Applied > 0) Log.AppliedTo(config.Applied);
        BecomeFollower(Term, 0);
    }

    public ulong Id { get; }

    public ulong Term { get; private set; }

    public ulong Vote { get; private set; }

    public ulong Lead { get; private set; }

    public StateType State { get; private set; }

    public bool IsLearner { get; private set; }

    public bool CheckQuorum { get; }

    public bool PreVote { get; }

    public RaftLog Log { get; }

    public ProgressTracker Tracker { get; }

    public ReadIndexQueue ReadOnly { get; private set; }

    public ulong LeadTransferee { get; private set; }

    /// <summary>Index of the last conf change proposed by this leader; only one may be unapplied at a time.</summary>
    public ulong PendingConfIndex { get; private set; }

    public List<Message> Messages { get; private set; } = [];

    public List<ReadState> ReadStates { get; private set; } = [];

    public int RandomizedElectionTimeout => _randomizedElectionTimeout;

    public SoftState SoftState => new(Lead, State);

    public HardState HardState => new(Term, Vote, Log.Committed);

    public List<Message> TakeMessages()
    {
        List<Message> taken = Messages;
        Messages = [];
        return taken;
    }

    public List<ReadState> TakeReadStates()
    {
        List<ReadState> taken = ReadStates;
        ReadStates = [];
        return taken;
    }

    /// <summary>A node may campaign when it is a voter and is not waiting to install a snapshot.</summary>
    public bool Promotable => Tracker.Get(Id) is { IsLearner: false } && !Log.HasPendingSnapshot;

    // ---------------- ticks ----------------

    public void Tick()
    {
        if (State == StateType.Leader) TickHeartbeat();
        else TickElection();
    }

    private void TickElection()
    {
        _electionElapsed++;
        if (Promotable && _electionElapsed >= _randomizedElectionTimeout)
        {
            _electionElapsed = 0;
            Step(new Message { From = Id, Type = MessageType.MsgHup });
        }
    }

    private void TickHeartbeat()
    {
        _heartbeatElapsed++;
        _electionElapsed++;
        if (_electionElapsed >= _electionTimeout)
        {
            _electionElapsed = 0;
            if (CheckQuorum) Step(new Message { From = Id, Type = MessageType.MsgCheckQuorum });
            // A transfer that did not finish within an election timeout is abandoned.
            if (State == StateType.Leader && LeadTransferee != 0) AbortLeaderTransfer();
        }

        if (State != StateType.Leader) return;
        if (_heartbeatElapsed >= _heartbeatTimeout)
        {
            _heartbeatElapsed = 0;
            Step(new Message { From = Id, Type = MessageType.MsgBeat });
        }
    }

    // ---------------- role changes ----------------

    public void BecomeFollower(ulong term, ulong lead)
    {
        Reset(term);
        Lead = lead;
        State = StateType.Follower;
    }

    private void BecomeCandidate()
    {
        InvariantViolationException.Check(State != StateType.Leader, "invalid transition [leader -> candidate]");
        Reset(Term + 1);
        Vote = Id;
        State = StateType.Candidate;
    }

    private void BecomePreCandidate()
    {
        InvariantViolationException.Check(State != StateType.Leader, "invalid transition [leader -> pre-candidate]");
        // A pre-candidate changes neither term nor vote (raft thesis §9.6).
        Tracker.ResetVotes();
        Lead = 0;
        State = StateType.PreCandidate;
    }

    internal void BecomeLeader()
    {
        InvariantViolationException.Check(State != StateType.Follower, "invalid transition [follower -> leader]");
        Reset(Term);
        Lead = Id;
        State = StateType.Leader;
        Tracker[Id].BecomeReplicate();
        // Conservatively treat any unapplied entry as a possible conf change.
        PendingConfIndex = Log.LastIndex();
        // The no-op entry of the new term lets earlier-term entries commit (raft paper §5.4.2).
        AppendEntries([new Entry(0, 0)]);
    }

    private void Reset(ulong term)
    {
        if (Term != term)
        {
            Term = term;
            Vote = 0;
        }

        Lead = 0;
        _electionElapsed = 0;
        _heartbeatElapsed = 0;
        ResetRandomizedElectionTimeout();
        AbortLeaderTransfer();
        Tracker.ResetVotes();
        ulong last = Log.LastIndex();
        foreach (ulong id in Tracker.Ids)
        {
            Progress p = Tracker[id];
            p.ResetState(ProgressState.Probe);
            p.Match = id == Id ? last : 0;
            p.Next = last + 1;
            p.RecentActive = id == Id;
        }

        PendingConfIndex = 0;
        ReadOnly = new ReadIndexQueue(ReadOnly.Option);
        _pendingReadIndexMessages.Clear();
    }

    internal void ResetRandomizedElectionTimeout() =>
        _randomizedElectionTimeout = _electionTimeout + _random.Next(_electionTimeout);

    private void AbortLeaderTransfer() => LeadTransferee = 0;

    private void LoadState(HardState state)
    {
        if (state.Commit < Log.Committed || state.Commit > Log.LastIndex())
        {
            throw new InvariantViolationException($"{Id} state.commit {state.Commit} is out of range [{Log.Committed}, {Log.LastIndex()}]");
        }

        Log.CommitTo(state.Commit);
        Term = state.Term;
        Vote = state.Vote;
    }

    // ---------------- sending ----------------

    private void Send(Message m)
    {
        // From is kept when set: a forwarded MsgTransferLeader names the transferee there.
        if (m.From == 0) m.From = Id;
        if (m.Type is MessageType.MsgVote or MessageType.MsgVoteResp or MessageType.MsgPreVote or MessageType.MsgPreVoteResp)
        {
            // Vote messages carry the term explicitly (a pre-vote uses the future term).
            InvariantViolationException.Check(m.Term != 0, $"term should be set when sending {m.Type}");
        }
        else
        {
            InvariantViolationException.Check(m.Term == 0, $"term should not be set when sending {m.Type} (was {m.Term})");
            // Proposals and read requests forwarded to the leader are local messages: no term.
            if (m.Type is not MessageType.MsgProp and not MessageType.MsgReadIndex) m.Term = Term;
        }

        Messages.Add(m);
    }

    private void SendAppend(ulong to) => MaybeSendAppend(to, sendIfEmpty: true);

    /// <summary>Sends entries (or a snapshot) to <paramref name="to"/> when its progress allows; true when something was sent.</summary>
    private bool MaybeSendAppend(ulong to, bool sendIfEmpty)
    {
        Progress? p = Tracker.Get(to);
        if (p is null || p.IsPaused) return false;
        bool haveTerm = Log.TryTerm(p.Next - 1, out ulong prevTerm);
        bool haveEntries = Log.TryEntries(p.Next, _maxMsgSize, out Entry[] entries);
        if (haveEntries && entries.Length == 0 && !sendIfEmpty) return false;

        if (!haveTerm || !haveEntries)
        {
            return SendSnapshot(to, p);
        }

        var m = new Message { To = to, Type = MessageType.MsgApp, Index = p.Next - 1, LogTerm = prevTerm, Entries = entries, Commit = Log.Committed };
        if (entries.Length != 0)
        {
            if (p.State == ProgressState.Replicate)
            {
                ulong last = entries[^1].Index;
                p.OptimisticUpdate(last);
                p.Inflights.Add(last);
            }
            else if (p.State == ProgressState.Probe)
            {
                p.ProbeSent = true;
            }
        }

        Send(m);
        return true;
    }

    private bool SendSnapshot(ulong to, Progress p)
    {
        // A follower that has not answered recently may be down: do not ship it a snapshot.
        if (!p.RecentActive) return false;
        Snapshot snapshot;
        try
        {
            snapshot = Log.CurrentSnapshot();
        }
        catch (RaftStorageException e) when (e.Error == StorageError.SnapshotTemporarilyUnavailable)
        {
            return false;
        }

        InvariantViolationException.Check(!snapshot.IsEmpty, "need a non-empty snapshot to catch up a follower whose entries are compacted");
        p.BecomeSnapshot(snapshot.Metadata.Index);
        Send(new Message { To = to, Type = MessageType.MsgSnap, Snapshot = snapshot });
        return true;
    }

    private void SendHeartbeat(ulong to, ReadOnlyMemory<byte> context)
    {
        // Never tell a follower to commit past what it is known to have.
        ulong commit = Math.Min(Tracker[to].Match, Log.Committed);
        Send(new Message { To = to, Type = MessageType.MsgHeartbeat, Commit = commit, Context = context });
    }

    private void BroadcastAppend()
    {
        foreach (ulong id in Tracker.Ids) if (id != Id) SendAppend(id);
    }

    private void BroadcastHeartbeat() => BroadcastHeartbeat(ReadOnly.LastPendingContext());

    private void BroadcastHeartbeat(ReadOnlyMemory<byte> context)
    {
        foreach (ulong id in Tracker.Ids) if (id != Id) SendHeartbeat(id, context);
    }

    private void SendTimeoutNow(ulong to) => Send(new Message { To = to, Type = MessageType.MsgTimeoutNow });

    // ---------------- log ----------------

    private bool MaybeCommit() => Log.MaybeCommit(Tracker.Committed(), Term);

    internal bool AppendEntries(Entry[] entries)
    {
        // The array belongs to the proposal message being consumed: stamp it in place.
        ulong last = Log.LastIndex();
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = entries[i] with { Term = Term, Index = last + 1 + (ulong)i };
        }

        last = Log.Append(entries);
        // The leader counts its own append at once; the Ready contract persists it before anything is acknowledged.
        Tracker[Id].MaybeUpdate(last);
        MaybeCommit();
        return true;
    }

    private bool CommittedEntryInCurrentTerm() => Log.TermOrZero(Log.Committed) == Term;

    private bool HasUnappliedConfChanges()
    {
        if (Log.Applied >= Log.Committed) return false;
        ulong lo = Log.Applied + 1;
        ulong hi = Log.Committed + 1;
        while (lo < hi)
        {
            if (!Log.TrySlice(lo, hi, 1024 * 1024, out Entry[] batch) || batch.Length == 0) return false;
            foreach (Entry e in batch) if (e.Type == EntryType.ConfChange) return true;
            lo = batch[^1].Index + 1;
        }

        return false;
    }

    // ---------------- configuration ----------------

    private void RestoreConfig(ConfState state)
    {
        Tracker.Clear();
        ulong next = Log.LastIndex() + 1;
        foreach (ulong v in state.Voters) Tracker.AddVoter(v, next);
        foreach (ulong l in state.Learners) Tracker.AddLearner(l, next);
        IsLearner = Tracker.Get(Id)?.IsLearner ?? false;
    }

    /// <summary>Applies a committed single-step conf change and returns the new configuration.</summary>
    public ConfState ApplyConfChange(ConfChange change)
    {
        ulong next = Math.Max(Log.LastIndex(), 1);
        switch (change.Type)
        {
            case ConfChangeType.AddNode:
                Tracker.AddVoter(change.NodeId, next);
                break;
            case ConfChangeType.AddLearnerNode:
                Tracker.AddLearner(change.NodeId, next);
                break;
            case ConfChangeType.RemoveNode:
                Tracker.Remove(change.NodeId);
                break;
            case ConfChangeType.UpdateNode:
                break;
        }

        return AfterConfigChange();
    }

    private ConfState AfterConfigChange()
    {
        Progress? self = Tracker.Get(Id);
        IsLearner = self?.IsLearner ?? false;
        ConfState state = Tracker.ConfState();
        if (State != StateType.Leader) return state;
        if (self is null || self.IsLearner)
        {
            // The leader was removed or demoted: step down; the remaining voters elect a new leader.
            BecomeFollower(Term, 0);
            return state;
        }

        if (Tracker.Voters.Length == 0) return state;
        if (MaybeCommit()) BroadcastAppend();
        else foreach (ulong id in Tracker.Ids) if (id != Id) MaybeSendAppend(id, sendIfEmpty: false);
        if (LeadTransferee != 0 && !Tracker.IsVoter(LeadTransferee)) AbortLeaderTransfer();
        return state;
    }

    /// <summary>Installs a snapshot on a follower; false when it is stale or only fast-forwards the commit index.</summary>
    private bool Restore(Snapshot snapshot)
    {
        SnapshotMetadata meta = snapshot.Metadata;
        if (meta.Index <= Log.Committed) return false;
        if (State != StateType.Follower)
        {
            // Defensive (etcd does the same): only followers install snapshots.
            BecomeFollower(Term + 1, 0);
            return false;
        }

        if (!meta.ConfState.Voters.Contains(Id) && !meta.ConfState.Learners.Contains(Id)) return false;
        if (Log.MatchTerm(meta.Index, meta.Term))
        {
            // We already have the entries: just move the commit index.
            Log.CommitTo(meta.Index);
            return false;
        }

        Log.Restore(snapshot);
        RestoreConfig(meta.ConfState);
        ulong last = Log.LastIndex();
        foreach (ulong id in Tracker.Ids)
        {
            Progress p = Tracker[id];
            p.Match = id == Id ? last : 0;
            p.Next = last + 1;
        }

        return true;
    }
}
