using System.Text.Json;
using System.Threading.Channels;
using Engine.Membership;
using Engine.Mvcc;
using Engine.Protocol;
using Engine.Raft;
using Engine.Server.Entries;
using Engine.Server.Proposals;
using Engine.Server.Raft;
using Engine.Server.State;
using Engine.Storage.Schema;

namespace Engine.Server.Apply;

/// <summary>
/// The apply loop (one thread): each committed entry is applied to the state machines together with its
/// consistent index, term and conf state in ONE backend write transaction (<see cref="KvWriteTxn.End"/>),
/// then its proposer is woken. Entries at or below the db's consistent index were applied before a
/// restart and are skipped, so replay after a crash is exact. A leader's snapshot comes through the same queue,
/// in raft's order: it replaces the state machines and moves the applied index to the snapshot's. It is the raft
/// loop's apply handler; it writes through the <see cref="MemberStateHolder"/> and answers through the <see cref="Proposer"/>.
/// </summary>
internal sealed class Applier : IRaftApplyHandler, IDisposable
{
    /// <summary>Small batches (a lone client's put) are applied on the raft thread when the apply loop is idle: one thread hop fewer.</summary>
    private const int InlineApplyLimit = 4;

    private readonly MemberStateHolder _state;
    private readonly Proposer _proposer;
    private readonly Snapshotter _snapshotter;
    private readonly SnapshotInstaller _installer;
    private readonly Channel<ApplyWork> _queue = Channel.CreateUnbounded<ApplyWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _thread;
    private readonly Lock _applyGate = new();
    private int _queuedBatches;
    private ConfState _confState;
    private byte[] _confStateBytes;
    private ulong _applied;
    private ulong _appliedTerm;
    private ulong _lastSnapshotIndex;
    private bool _snapshotNow;

    public Applier(MemberStateHolder state, Proposer proposer, Snapshotter snapshotter, SnapshotInstaller installer,
        (ulong Index, ulong Term) applied, ConfState confState)
    {
        _state = state;
        _proposer = proposer;
        _snapshotter = snapshotter;
        _installer = installer;
        _applied = applied.Index;
        _appliedTerm = applied.Term;
        _lastSnapshotIndex = applied.Index;
        _confState = confState;
        _confStateBytes = EncodeConfState(confState);
        _thread = new Thread(Run) { Name = "apply-loop", IsBackground = true };
    }

    public ulong AppliedIndex => Volatile.Read(ref _applied);

    public ConfState ConfState => Volatile.Read(ref _confState);

    /// <summary>Set when applying failed for an environmental reason; nothing more is applied.</summary>
    public Exception? Failure { get; private set; }

    public void Start() => _thread.Start();

    void IRaftApplyHandler.OnCommitted(IReadOnlyList<Entry> entries) => ApplyOrEnqueue(entries, InlineApplyLimit);

    void IRaftApplyHandler.OnSnapshot(Snapshot snapshot) => EnqueueSnapshot(snapshot.Metadata);

    public void Enqueue(IReadOnlyList<Entry> entries)
    {
        Interlocked.Increment(ref _queuedBatches);
        _queue.Writer.TryWrite(new ApplyWork(entries, null));
    }

    /// <summary>
    /// A leader's snapshot raft persisted: installed by the apply thread after everything queued before it; while it
    /// is queued, later entries queue behind it (they are never applied inline ahead of it).
    /// </summary>
    public void EnqueueSnapshot(SnapshotMetadata snapshot)
    {
        Interlocked.Increment(ref _queuedBatches);
        _queue.Writer.TryWrite(new ApplyWork([], snapshot));
    }

    /// <summary>
    /// Applies a small batch on the calling (raft) thread when the apply loop is idle and nothing is queued,
    /// saving the hand-over to the apply thread; otherwise (or for conf changes, which call back into the
    /// raft loop) it queues the batch. A snapshot that falls due is left to the apply thread, which may block.
    /// Order holds because the apply thread dequeues only while holding the same gate and the caller is the
    /// only producer.
    /// </summary>
    public void ApplyOrEnqueue(IReadOnlyList<Entry> entries, int inlineLimit)
    {
        if (entries.Count > inlineLimit || Failure is not null || HasConfChange(entries) || !_applyGate.TryEnter())
        {
            Enqueue(entries);
            return;
        }

        bool queued;
        try
        {
            queued = Volatile.Read(ref _queuedBatches) > 0;
            if (!queued)
            {
                ApplyBatch(entries);
            }
        }
        catch (Exception error)
        {
            Fail(error);
            return;
        }
        finally
        {
            _applyGate.Exit();
        }

        if (queued || SnapshotDue)
        {
            Enqueue(queued ? entries : []);
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
    }

    public static byte[] EncodeConfState(ConfState state) =>
        ConfStateCodec.Encode(new ConfStateRecord(state.Voters.ToList(), state.Learners.ToList(), [], [], false));

    private void Run()
    {
        var reader = _queue.Reader;
        try
        {
            while (Failure is null && reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (true)
                {
                    lock (_applyGate)
                    {
                        if (Failure is not null || !reader.TryRead(out var work))
                        {
                            break;
                        }

                        Interlocked.Decrement(ref _queuedBatches);
                        if (work.Snapshot is { } snapshot)
                        {
                            InstallSnapshot(snapshot);
                            continue;
                        }

                        ApplyBatch(work.Entries);

                        // Under the gate: the snapshot's index must be what the db holds (the raft thread only TryEnters, so no deadlock).
                        MaybeSnapshot();
                    }
                }
            }
        }
        catch (Exception error)
        {
            Fail(error);
        }
    }

    private void Fail(Exception error)
    {
        Failure = error;
        _proposer.OnApplyFailed(error);
    }

    private bool SnapshotDue => _snapshotNow || _applied - _lastSnapshotIndex >= _snapshotter.Interval;

    private static bool HasConfChange(IReadOnlyList<Entry> entries)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i].Type == EntryType.ConfChange)
            {
                return true;
            }
        }

        return false;
    }

    private void ApplyBatch(IReadOnlyList<Entry> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        foreach (var entry in batch)
        {
            if (entry.Index <= _applied)
            {
                // Applied before a restart: the db has its effects, but raft's configuration does not.
                if (entry.Type == EntryType.ConfChange)
                {
                    RaftApplyConfChange(Engine.Raft.RaftCodec.DecodeConfChange(entry.Data.Span, out _));
                }

                continue;
            }

            Apply(entry);
            Volatile.Write(ref _applied, entry.Index);
            _appliedTerm = entry.Term;
        }

        _proposer.Applied.Advance(_applied);
    }

    private void Apply(in Entry entry)
    {
        if (entry.Type == EntryType.ConfChange)
        {
            ApplyConfChange(entry);
            return;
        }

        var state = _state.Current;
        if (entry.Data.IsEmpty)
        {
            using var empty = state.Kv.BeginWrite();
            empty.End(entry.Index, entry.Term, _confStateBytes);
            return;
        }

        var request = RaftRequestCodec.Decode(entry.Data.Span);
        object? result;
        using (var txn = state.Kv.BeginWrite())
        {
            result = Dispatch(state, txn, request);
            txn.End(entry.Index, entry.Term, _confStateBytes);
        }

        if (ClusterVersionEntries.Touches(request))
        {
            // Rare and decisive for admission at the next start: durable at once, not at the next batch commit.
            state.Backend.ForceCommit();
        }

        _proposer.Complete(request.Id, result);
    }

    private object? Dispatch(MemberState state, KvWriteTxn txn, RaftRequest request)
    {
        if (request.Put is { } put)
        {
            return txn.Put(put);
        }

        if (request.DeleteRange is { } delete)
        {
            return txn.DeleteRange(delete);
        }

        if (request.Txn is { } t)
        {
            return txn.Txn(t);
        }

        if (request.Compaction is { } compaction)
        {
            return txn.Compact(compaction.Revision);
        }

        lock (_state.LessorGate)
        {
            if (request.LeaseGrant is { } grant)
            {
                return state.Lessor.Grant(grant);
            }

            if (request.LeaseRevoke is { } revoke)
            {
                // The keys go in this entry's write txn: one revision, ended with the entry's consistent index.
                return state.Lessor.Revoke(revoke, txn);
            }

            if (request.LeaseCheckpoint?.Checkpoints is { } checkpoints)
            {
                state.Lessor.Checkpoint(checkpoints.Select(c => new Engine.Mvcc.Lease.LeaseCheckpoint(c.Id, c.RemainingTtl)).ToList());
                return null;
            }
        }

        if (ClusterVersionEntries.Touches(request))
        {
            return ClusterVersionEntries.ApplyLocked(state, request);
        }

        if (request.MemberAttributes is { } attributes)
        {
            return state.Members.SetAttributesLocked(state.Backend.BatchTx, attributes.MemberId, attributes.Name, attributes.ClientUrls);
        }

        if (request.Alarm is { } alarm)
        {
            return new AlarmResponse { Alarms = state.Alarms.ChangeLocked(state.Backend.BatchTx, alarm.Activate, alarm.MemberId, (AlarmType)alarm.Alarm) };
        }

        return null;
    }

    private void ApplyConfChange(in Entry entry)
    {
        var change = Engine.Raft.RaftCodec.DecodeConfChange(entry.Data.Span, out _);
        var confState = RaftApplyConfChange(change);
        Volatile.Write(ref _confState, confState);
        _confStateBytes = EncodeConfState(confState);

        var state = _state.Current;
        var tx = state.Backend.BatchTx;
        using (var txn = state.Kv.BeginWrite())
        {
            switch (change.Type)
            {
                case ConfChangeType.AddNode:
                case ConfChangeType.AddLearnerNode:
                case ConfChangeType.UpdateNode:
                    var member = change.Context.IsEmpty ? null : JsonSerializer.Deserialize(change.Context.Span, MemberRecordJsonContext.Default.MemberRecord);
                    if (member is not null && change.Type == ConfChangeType.UpdateNode)
                    {
                        // etcd's UpdateRaftAttributes: only the peer URLs change; learner state, name and client URLs stay.
                        if (state.Members.Find(change.NodeId) is { } existing)
                        {
                            existing.PeerUrls = member.PeerUrls;
                            state.Members.UpsertLocked(tx, existing);
                        }
                    }
                    else if (member is not null)
                    {
                        member.IsLearner = change.Type == ConfChangeType.AddLearnerNode;
                        state.Members.UpsertLocked(tx, member);
                    }
                    else if (change.Type == ConfChangeType.AddNode && state.Members.Find(change.NodeId) is { IsLearner: true } learner)
                    {
                        learner.IsLearner = false;
                        state.Members.UpsertLocked(tx, learner);
                    }

                    break;
                case ConfChangeType.RemoveNode:
                    state.Members.RemoveLocked(tx, change.NodeId);
                    break;
            }

            txn.End(entry.Index, entry.Term, _confStateBytes);
        }

        _proposer.Complete(change.Id, state.Members.Members);
        _snapshotNow = true;
    }

    private ConfState RaftApplyConfChange(ConfChange change)
    {
        return _proposer.ApplyConfChange(change);
    }

    private void InstallSnapshot(SnapshotMetadata snapshot)
    {
        if (snapshot.Index <= _applied)
        {
            return;
        }

        _installer.Install(snapshot);
        Volatile.Write(ref _confState, snapshot.ConfState);
        _confStateBytes = EncodeConfState(snapshot.ConfState);
        _appliedTerm = snapshot.Term;
        _lastSnapshotIndex = snapshot.Index;
        Volatile.Write(ref _applied, snapshot.Index);
        _proposer.Applied.Advance(snapshot.Index);
    }

    private void MaybeSnapshot()
    {
        if (!SnapshotDue)
        {
            return;
        }

        _snapshotNow = false;
        _lastSnapshotIndex = _applied;
        _snapshotter.Take(_applied, _appliedTerm, _confState);
    }
}

