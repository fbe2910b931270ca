using Engine.Protocol;
using Engine.Protocol.Validation;
using Engine.Storage.Schema;

namespace Engine.Mvcc;

/// <summary>
/// The one write view of a <see cref="KvStore"/> (etcd's storeTxnWrite): holds the backend batch lock from
/// <see cref="KvStore.BeginWrite"/> to <see cref="End"/>. Every change made through it belongs to revision
/// <c>begin + 1</c> (sub-revisions 0, 1, 2, ...); reads through it see its own changes. <see cref="End"/> writes the
/// applied raft position in the same backend transaction, makes the revision current if anything changed, and
/// publishes the events to watchers.
/// </summary>
public sealed partial class KvWriteTxn : IDisposable
{
    private readonly KvStore _store;
    private readonly long _beginRevision;
    private readonly long _compactRevision;
    private readonly List<Event> _changes = [];
    private long? _scheduledCompaction;
    private bool _ended;

    internal KvWriteTxn(KvStore store, long beginRevision, long compactRevision)
    {
        _store = store;
        _beginRevision = beginRevision;
        _compactRevision = compactRevision;
    }

    /// <summary>The revision this view started from (the current revision when it began).</summary>
    public long BeginRevision => _beginRevision;

    /// <summary>The revision the view's reads see and its responses report: begin, or begin + 1 once something changed.</summary>
    public long ViewRevision => _changes.Count > 0 ? _beginRevision + 1 : _beginRevision;

    /// <summary>The changes made so far (in sub-revision order).</summary>
    public IReadOnlyList<Event> Changes => _changes;

    public Outcome<RangeResponse> Range(RangeRequest r)
    {
        ThrowIfEnded();
        return RequestValidator.Check(r) ?? RangeUnchecked(r);
    }

    public Outcome<PutResponse> Put(PutRequest r)
    {
        ThrowIfEnded();
        var error = RequestValidator.Check(r) ?? CheckPutPreconditions(r);
        return error is not null ? error : PutUnchecked(r);
    }

    public Outcome<DeleteRangeResponse> DeleteRange(DeleteRangeRequest r)
    {
        ThrowIfEnded();
        var error = RequestValidator.Check(r);
        return error is not null ? error : DeleteRangeUnchecked(r);
    }

    /// <summary>
    /// Schedules a compaction at <paramref name="revision"/>: later reads below it fail; <see cref="End"/> persists the
    /// scheduled revision and force-commits, then the backend deletions run in batches (await <see cref="KvStore.WhenCompacted"/>).
    /// </summary>
    public Outcome<CompactionResponse> Compact(long revision)
    {
        ThrowIfEnded();
        if (revision <= _store.CompactRevision)
        {
            return EtcdErrors.Compacted;
        }

        if (revision > _beginRevision)
        {
            return EtcdErrors.FutureRevision;
        }

        _store.SetCompactRevision(revision);
        _store.Backend.PutLocked(Buckets.Meta, MetaKeys.ScheduledCompactRevision, RevisionKey.ToBytes(new Revision(revision, 0)));
        _scheduledCompaction = revision;
        return new CompactionResponse { Header = new ResponseHeader { Revision = _beginRevision } };
    }

    /// <summary>Writes the applied raft state in the same backend transaction, ends the view and publishes its events.</summary>
    public void End(ulong consistentIndex, ulong term, ReadOnlySpan<byte> confState)
    {
        ThrowIfEnded();
        _store.Backend.SetAppliedStateLocked(consistentIndex, term, confState);
        Finish();
    }

    /// <summary>Ends the view without recording an applied raft position (for writes outside the apply loop and tests).</summary>
    public void Dispose()
    {
        if (!_ended)
        {
            Finish();
        }
    }

    private void Finish()
    {
        _ended = true;
        if (_changes.Count == 0)
        {
            _store.ReleaseWrite(null);
        }
        else
        {
            long revision = _beginRevision + 1;
            lock (_store.PublishGate)
            {
                _store.CommitObserver?.Invoke(revision, _changes);
                _store.ReleaseWrite(revision);
            }
        }

        if (_scheduledCompaction is long compaction)
        {
            _store.Backend.ForceCommit();
            _store.Compactor.Schedule(compaction);
        }
    }

    private void ThrowIfEnded()
    {
        if (_ended)
        {
            throw new InvalidOperationException("the write transaction has ended");
        }
    }
}
