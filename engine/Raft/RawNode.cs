namespace Engine.Raft;

/// <summary>
/// The thread-unsafe driver of one raft node (etcd's RawNode). Time enters through <see cref="Tick"/>,
/// network input through <see cref="Step"/>, client input through <see cref="Propose"/> and friends; the
/// output is collected with <see cref="Ready"/> and acknowledged with <see cref="Advance"/> (the contract is
/// documented on <see cref="Raft.Ready"/>). One thread must own a RawNode.
/// </summary>
public sealed class RawNode
{
    private readonly RaftCore _raft;
    private SoftState _previousSoftState;
    private HardState _previousHardState;
    private Ready? _pendingReady;

    /// <summary>Creates (or restarts) a node from the state in the config's storages.</summary>
    public RawNode(RaftConfig config)
    {
        _raft = new RaftCore(config);
        _previousSoftState = _raft.SoftState;
        _previousHardState = _raft.HardState;
    }

    internal RaftCore Core => _raft;

    public ulong Id => _raft.Id;

    /// <summary>
    /// Starts a brand-new cluster member with its initial voters (etcd's Bootstrap / StartNode(peers)):
    /// the storage must be empty. The next Ready carries one AddNode conf change entry per peer to persist
    /// and apply (applying them again is harmless).
    /// </summary>
    public void Bootstrap(IReadOnlyList<Peer> peers)
    {
        if (peers.Count == 0) throw new ArgumentException("must provide at least one peer to Bootstrap");
        if (_raft.Log.LastIndex() != 0) throw new InvalidOperationException("can't bootstrap a nonempty storage");
        // Previous hard state stays empty, so the first Ready reports the term-1 hard state.
        _previousHardState = default;
        _raft.BecomeFollower(1, 0);
        var entries = new Entry[peers.Count];
        for (int i = 0; i < peers.Count; i++)
        {
            var change = new ConfChange(ConfChangeType.AddNode, peers[i].Id, peers[i].Context);
            entries[i] = new Entry(1, (ulong)i + 1, EntryType.ConfChange, RaftCodec.ToBytes(change));
        }

        _raft.Log.Append(entries);
        // The entries are committed by construction: every member starts from the same log.
        _raft.Log.CommitTo((ulong)entries.Length);
        foreach (Peer peer in peers) _raft.ApplyConfChange(new ConfChange(ConfChangeType.AddNode, peer.Id));
    }

    /// <summary>Advances the logical clock by one tick (elections and heartbeats are counted in ticks).</summary>
    public void Tick() => _raft.Tick();

    /// <summary>Makes this node campaign now.</summary>
    public void Campaign() => _raft.Step(new Message { Type = MessageType.MsgHup });

    /// <summary>Proposes data to be appended to the log; false when dropped (no leader known, or a transfer is under way).</summary>
    public bool Propose(ReadOnlyMemory<byte> data) =>
        _raft.Step(new Message { Type = MessageType.MsgProp, From = _raft.Id, Entries = [new Entry(0, 0, EntryType.Normal, data)] });

    /// <summary>Proposes several entries in one message (one log append on the leader).</summary>
    public bool ProposeBatch(IReadOnlyList<ReadOnlyMemory<byte>> items)
    {
        var entries = new Entry[items.Count];
        for (int i = 0; i < entries.Length; i++) entries[i] = new Entry(0, 0, EntryType.Normal, items[i]);
        return _raft.Step(new Message { Type = MessageType.MsgProp, From = _raft.Id, Entries = entries });
    }

    /// <summary>Proposes a membership change; apply it with <see cref="ApplyConfChange"/> once committed.</summary>
    public bool ProposeConfChange(ConfChange change) =>
        _raft.Step(new Message
        {
            Type = MessageType.MsgProp,
            From = _raft.Id,
            Entries = [new Entry(0, 0, EntryType.ConfChange, RaftCodec.ToBytes(change))],
        });

    /// <summary>Applies a committed conf change to the node's configuration and returns the new configuration (persist it).</summary>
    public ConfState ApplyConfChange(ConfChange change) => _raft.ApplyConfChange(change);

    /// <summary>Feeds a message from a peer. Throws for local message types; false when it came from an unknown peer or was dropped.</summary>
    public bool Step(Message message)
    {
        if (message.Type is MessageType.MsgHup or MessageType.MsgBeat or MessageType.MsgUnreachable
            or MessageType.MsgSnapStatus or MessageType.MsgCheckQuorum)
        {
            throw new ArgumentException($"cannot step raft local message {message.Type}");
        }

        bool isResponse = message.Type is MessageType.MsgAppResp or MessageType.MsgVoteResp or MessageType.MsgHeartbeatResp
            or MessageType.MsgPreVoteResp;
        if (isResponse && _raft.Tracker.Get(message.From) is null) return false;
        return _raft.Step(message);
    }

    /// <summary>
    /// Requests a linearizable read point. The answer arrives as a <see cref="ReadState"/> with the same
    /// context in a later Ready (possibly never, when leadership is lost: retry with a new context).
    /// </summary>
    public void ReadIndex(ReadOnlyMemory<byte> context) =>
        _raft.Step(new Message { Type = MessageType.MsgReadIndex, Context = context });

    /// <summary>Asks the leader to hand leadership to <paramref name="transferee"/>.</summary>
    public void TransferLeadership(ulong transferee) =>
        _raft.Step(new Message { Type = MessageType.MsgTransferLeader, From = transferee });

    /// <summary>The transport could not deliver to <paramref name="id"/>: the leader goes back to probing it.</summary>
    public void ReportUnreachable(ulong id) => _raft.Step(new Message { Type = MessageType.MsgUnreachable, From = id });

    /// <summary>The outcome of streaming a snapshot to <paramref name="id"/>.</summary>
    public void ReportSnapshot(ulong id, SnapshotStatus status) =>
        _raft.Step(new Message { Type = MessageType.MsgSnapStatus, From = id, Reject = status == SnapshotStatus.Failure });

    /// <summary>True when <see cref="Ready"/> would return something to do.</summary>
    public bool HasReady()
    {
        if (_raft.SoftState != _previousSoftState) return true;
        HardState hard = _raft.HardState;
        if (!hard.IsEmpty && hard != _previousHardState) return true;
        if (_raft.Log.HasPendingSnapshot) return true;
        if (_raft.Messages.Count > 0 || _raft.Log.Unstable.Entries.Count > 0 || _raft.Log.HasNextEntries()) return true;
        return _raft.ReadStates.Count > 0;
    }

    /// <summary>Collects the work to do; follow the contract on <see cref="Raft.Ready"/> and call <see cref="Advance"/>.</summary>
    public Ready Ready()
    {
        SoftState soft = _raft.SoftState;
        HardState hard = _raft.HardState;
        Entry[] entries = _raft.Log.UnstableEntries();
        bool hardChanged = !hard.IsEmpty && hard != _previousHardState;
        var ready = new Ready
        {
            SoftState = soft != _previousSoftState ? soft : null,
            HardState = hardChanged ? hard : null,
            ReadStates = _raft.ReadStates.Count == 0 ? [] : _raft.TakeReadStates(),
            Entries = entries,
            Snapshot = _raft.Log.HasPendingSnapshot ? _raft.Log.Unstable.Snapshot : null,
            CommittedEntries = _raft.Log.NextEntries(),
            Messages = _raft.Messages.Count == 0 ? [] : _raft.TakeMessages(),
            MustSync = entries.Length > 0 || hard.Term != _previousHardState.Term || hard.Vote != _previousHardState.Vote,
        };
        _previousSoftState = soft;
        _pendingReady = ready;
        return ready;
    }

    /// <summary>Tells the node the last Ready was handled: its entries are persisted and its committed entries applied.</summary>
    public void Advance()
    {
        Ready ready = _pendingReady ?? throw new InvalidOperationException("Advance called without a pending Ready");
        _pendingReady = null;
        if (ready.HardState is { } hard) _previousHardState = hard;
        if (ready.CommittedEntries.Count > 0) _raft.Log.AppliedTo(ready.CommittedEntries[^1].Index);
        else if (ready.Snapshot is { } applied) _raft.Log.AppliedTo(applied.Metadata.Index);
        if (ready.Entries.Count > 0)
        {
            Entry last = ready.Entries[^1];
            _raft.Log.StableTo(last.Index, last.Term);
        }

        if (ready.Snapshot is { } snap) _raft.Log.StableSnapshotTo(snap.Metadata.Index);
    }

    /// <summary>The node's current state.</summary>
    public Status Status()
    {
        var progress = new Dictionary<ulong, (ulong, ulong, ProgressState)>();
        if (_raft.State == StateType.Leader)
        {
            foreach (ulong id in _raft.Tracker.Ids)
            {
                Progress p = _raft.Tracker[id];
                progress[id] = (p.Match, p.Next, p.State);
            }
        }

        return new Status
        {
            Id = _raft.Id,
            HardState = _raft.HardState,
            SoftState = _raft.SoftState,
            Applied = _raft.Log.Applied,
            LeadTransferee = _raft.LeadTransferee,
            Config = _raft.Tracker.ConfState(),
            Progress = progress,
        };
    }
}
