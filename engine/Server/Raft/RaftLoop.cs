using System.Diagnostics;
using Engine.Raft;
using Engine.Wal;

namespace Engine.Server.Raft;

/// <summary>
/// The one thread that drives raft: it ticks, feeds proposals and messages to the <see cref="RawNode"/>
/// and, for each Ready, follows the contract literally: (1) append entries + hard state to the WAL with
/// one fdatasync (group commit: every proposal queued since the last Ready shares it) and to raft's
/// in-memory log, (2) only then send messages, (3) hand committed entries to the apply loop, (4) Advance.
/// A leader's snapshot in a Ready gets its WAL marker (durable) and goes to the apply loop ahead of the entries.
/// A WAL failure is fatal: the loop stops and never acknowledges again.
/// </summary>
internal sealed class RaftLoop : IDisposable
{
    private readonly RawNode _node;
    private readonly MemoryStorage _storage;
    private readonly WriteAheadLog _wal;
    private readonly RaftInbox _inbox;
    private readonly RaftLoopStatus _status;
    private readonly IRaftLoopHandler _handler;
    private readonly IRaftApplyHandler _apply;
    private readonly IPeerSender? _peers;
    private readonly long _tickTicks;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _campaignAttempts;

    public RaftLoop(RawNode node, MemoryStorage storage, WriteAheadLog wal, RaftInbox inbox, RaftLoopStatus status,
        IRaftLoopHandler handler, IRaftApplyHandler apply, IPeerSender? peers, TimeSpan tickInterval)
    {
        _node = node;
        _storage = storage;
        _wal = wal;
        _inbox = inbox;
        _status = status;
        _handler = handler;
        _apply = apply;
        _peers = peers;
        _tickTicks = (long)(tickInterval.TotalSeconds * Stopwatch.Frequency);
        _thread = new Thread(Run) { Name = "raft-loop", IsBackground = true };
    }

    /// <summary>
    /// Starts the loop. A lone voter campaigns at once instead of waiting an election timeout; raft refuses
    /// to campaign while conf changes are committed but not yet applied (a fresh bootstrap), so the loop
    /// retries after each Ready until this member leads.
    /// </summary>
    public void Start(bool campaignNow)
    {
        _campaignAttempts = campaignNow ? 16 : 0;
        _thread.Start();
    }

    public void Dispose()
    {
        _stopping = true;
        _inbox.Wake();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
    }

    private void Run()
    {
        long nextTick = Stopwatch.GetTimestamp() + _tickTicks;
        try
        {
            while (!_stopping)
            {
                long now = Stopwatch.GetTimestamp();
                if (now >= nextTick)
                {
                    _node.Tick();
                    nextTick = now - nextTick > 10 * _tickTicks ? now + _tickTicks : nextTick + _tickTicks;
                }

                DrainInputs();
                while (_node.HasReady())
                {
                    HandleReady(_node.Ready());
                    _node.Advance();
                }

                if (_campaignAttempts > 0)
                {
                    _campaignAttempts = _node.Status().SoftState.RaftState == StateType.Leader ? 0 : _campaignAttempts - 1;
                    if (_campaignAttempts > 0)
                    {
                        _node.Campaign();
                        continue;
                    }
                }

                long waitMs = Math.Max(0, (nextTick - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency);
                if (_inbox.IsEmpty)
                {
                    _inbox.Wait((int)Math.Min(waitMs + 1, int.MaxValue));
                }
            }
        }
        catch (Exception error)
        {
            _status.Failed = true;
            _handler.OnFatal(error);
        }
    }

    private void DrainInputs()
    {
        while (_inbox.TryDequeue(out var input))
        {
            switch (input)
            {
                case RaftInput.Propose p:
                    if (!_node.Propose(p.Data))
                    {
                        _handler.OnProposalDropped(p.RequestId);
                    }

                    break;
                case RaftInput.ProposeConfChange c:
                    if (!_node.ProposeConfChange(c.Change))
                    {
                        _handler.OnProposalDropped(c.RequestId);
                    }

                    break;
                case RaftInput.ApplyConfChange a:
                    a.Done.TrySetResult(_node.ApplyConfChange(a.Change));
                    break;
                case RaftInput.ReadIndex r:
                    if (r.Seal() is byte[] context)
                    {
                        _node.ReadIndex(context);
                    }

                    break;
                case RaftInput.Step s:
                    _node.Step(s.Message);
                    break;
                case RaftInput.TransferLeadership t:
                    _node.TransferLeadership(t.Target);
                    break;
                case RaftInput.Snapshot snap:
                    TakeSnapshot(snap);
                    break;
                case RaftInput.QueryStatus q:
                    q.Done.TrySetResult(_node.Status());
                    break;
                case RaftInput.ReleaseLog release:
                    ReleaseLog(release);
                    break;
                case PeerReport report:
                    report.ApplyTo(_node);
                    break;
            }
        }
    }

    private void HandleReady(Ready ready)
    {
        if (ready.HardState is HardState hs)
        {
            _status.Term = hs.Term;
        }

        if (ready.SoftState is SoftState soft)
        {
            _handler.OnSoftState(soft, _status.Term);
        }

        if (ready.Snapshot is { IsEmpty: false } snapshot)
        {
            _wal.SaveSnapshotMarker(snapshot.Metadata.Index, snapshot.Metadata.Term, Engine.Raft.RaftCodec.ToBytes(snapshot.Metadata.ConfState));
            _storage.ApplySnapshot(snapshot);
            _apply.OnSnapshot(snapshot);
        }

        WalHardState? walState = ready.HardState is HardState h ? new WalHardState(h.Term, h.Vote, h.Commit) : null;
        if (ready.Entries.Count > 0 || walState is not null)
        {
            long started = Stopwatch.GetTimestamp();
            _wal.Save(walState, new RaftEntryPayload.EntrySource(ready.Entries));
            Observability.ServerMetrics.WalFsyncDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        if (ready.Entries.Count > 0)
        {
            _storage.Append(ready.Entries);
        }

        if (ready.HardState is HardState persisted)
        {
            _storage.SetHardState(persisted);
            _status.CommittedIndex = persisted.Commit;
        }

        if (ready.Messages.Count > 0)
        {
            _peers?.Send(ready.Messages);
        }

        if (ready.CommittedEntries.Count > 0)
        {
            _apply.OnCommitted(ready.CommittedEntries);
        }

        if (ready.ReadStates.Count > 0)
        {
            _handler.OnReadStates(ready.ReadStates);
        }
    }

    private void TakeSnapshot(RaftInput.Snapshot snap)
    {
        try
        {
            if (snap.Index > _storage.Snapshot().Metadata.Index)
            {
                _storage.CreateSnapshot(snap.Index, snap.ConfState, ReadOnlyMemory<byte>.Empty);
                _wal.SaveSnapshotMarker(snap.Index, snap.Term, Engine.Raft.RaftCodec.ToBytes(snap.ConfState));
            }

            snap.Done.TrySetResult();
        }
        catch (Exception error)
        {
            snap.Done.TrySetException(error);
            throw;
        }
    }

    private void ReleaseLog(RaftInput.ReleaseLog release)
    {
        if (release.CompactIndex > _storage.FirstIndex())
        {
            _storage.Compact(release.CompactIndex);
        }

        _wal.ReleaseBefore(release.WalIndex);
    }
}
