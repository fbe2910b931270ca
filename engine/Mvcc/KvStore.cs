using Engine.Mvcc.Index;
using Engine.Protocol;
using Engine.Protocol.Validation;
using Engine.Mvcc.Storage;
using Engine.Storage.Schema;

namespace Engine.Mvcc;

/// <summary>
/// etcd's MVCC key-value store over the backend: revisions, the in-memory key index (rebuilt on open by scanning
/// the key bucket), ranges at any retained revision, one write view at a time (<see cref="BeginWrite"/>, the
/// apply loop's), compaction that resumes after a crash, and HashKV. The store starts at revision 1; every write
/// transaction that changes something takes the next revision.
/// </summary>
public sealed class KvStore : IDisposable
{
    private readonly object _revisionGate = new();
    private long _currentRevision = 1;
    private long _compactRevision = -1;

    /// <summary>Opens the store on the storage backend: rebuilds the index from the key bucket and resumes an interrupted compaction.</summary>
    public KvStore(Engine.Storage.Backend.Backend backend, KvStoreOptions? options = null)
        : this(new BackendKvAdapter(backend), options)
    {
    }

    /// <summary>Opens the store on any <see cref="IKvBackend"/> (tests use an in-memory one).</summary>
    public KvStore(IKvBackend backend, KvStoreOptions? options = null)
    {
        Backend = backend;
        Options = options ?? new KvStoreOptions();
        ValidationLimits = new ValidationLimits(Options.MaxTxnOps);
        Index = new TreeIndex();
        Compactor = new Compactor(this);
        var restored = KvRestorer.Restore(this);
        _currentRevision = restored.CurrentRevision;
        _compactRevision = restored.CompactRevision;
        Compactor.SetFinished(restored.CompactRevision);
        if (restored.ResumeCompactionAt is long resume)
        {
            _compactRevision = resume;
            Compactor.Schedule(resume);
        }
    }

    /// <summary>The newest revision: every write up to it is visible to reads.</summary>
    public long CurrentRevision
    {
        get { lock (_revisionGate) { return _currentRevision; } }
    }

    /// <summary>The newest compaction revision scheduled (reads below it fail with <c>compacted</c>); -1 before any.</summary>
    public long CompactRevision
    {
        get { lock (_revisionGate) { return _compactRevision; } }
    }

    /// <summary>Number of keys with history in the index (live or deleted but not yet compacted away).</summary>
    public int IndexedKeyCount => Index.KeyCount;

    internal IKvBackend Backend { get; }

    internal KvStoreOptions Options { get; }

    /// <summary>The request checks' limits, made once from <see cref="Options"/>.</summary>
    internal ValidationLimits ValidationLimits { get; }

    internal TreeIndex Index { get; }

    internal Compactor Compactor { get; }

    /// <summary>Held while events of a new revision are handed to watchers and the revision becomes current.</summary>
    internal object PublishGate { get; } = new();

    /// <summary>Receives the events of each revision, under <see cref="PublishGate"/>, before the revision becomes current.</summary>
    internal Action<long, List<Event>>? CommitObserver { get; set; }

    /// <summary>Serves a Range on a concurrent read transaction; header.revision is the current revision.</summary>
    public Outcome<RangeResponse> Range(RangeRequest request)
    {
        var error = RequestValidator.Check(request);
        if (error is not null)
        {
            return error;
        }

        var (current, compact, tx) = Snapshot();
        using (tx)
        {
            return RangeExecutor.Execute(request, current, compact, Index, rev => LoadCommitted(tx, rev));
        }
    }

    /// <summary>Takes the backend's batch lock and returns the one write view; call <see cref="KvWriteTxn.End"/>.</summary>
    public KvWriteTxn BeginWrite()
    {
        Backend.Lock();
        long current, compact;
        lock (_revisionGate)
        {
            current = _currentRevision;
            compact = _compactRevision;
        }

        return new KvWriteTxn(this, current, compact);
    }

    /// <summary>HashKV at <paramref name="revision"/> (0 = current): <c>compacted</c> below the compact revision, <c>future</c> above the current one.</summary>
    public Outcome<KvHashResponse> HashKv(long revision)
    {
        var (current, compact, tx) = Snapshot();
        using (tx)
        {
            if (revision > 0 && revision < compact)
            {
                return EtcdErrors.Compacted;
            }

            if (revision > current)
            {
                return EtcdErrors.FutureRevision;
            }

            if (revision <= 0)
            {
                revision = current;
            }

            var hasher = new KvHasher(compact, revision, Index.Keep(revision));
            tx.Range(Buckets.Key, RevisionKey.MainPrefix(0), [0xFF], 0, (k, v) =>
            {
                hasher.WriteKeyValue(k, v);
                return true;
            });
            return new KvHashResponse { Hash = hasher.Hash, HashRevision = revision, CompactRevision = compact, Header = new ResponseHeader { Revision = current } };
        }
    }

    /// <summary>HashKV as a plain value; throws <see cref="InvalidOperationException"/> with etcd's message for a compacted or future revision.</summary>
    public uint HashByRevision(long revision, out long hashRevision, out long compactRevision)
    {
        var outcome = HashKv(revision);
        if (outcome.Error is { } error)
        {
            throw new InvalidOperationException(error.Message);
        }

        hashRevision = outcome.Value!.HashRevision;
        compactRevision = outcome.Value.CompactRevision;
        return outcome.Value.Hash;
    }

    /// <summary>Completes when the physical part of a compaction at or beyond <paramref name="revision"/> has finished and been committed.</summary>
    public Task WhenCompacted(long revision) => Compactor.WhenFinished(revision);

    /// <summary>Revision of the last compaction whose backend deletions finished.</summary>
    public long FinishedCompactRevision => Compactor.Finished;

    public void Dispose() => Compactor.Dispose();

    internal (long Current, long Compact, IKvReadTx Tx) Snapshot()
    {
        lock (_revisionGate)
        {
            return (_currentRevision, _compactRevision, Backend.ConcurrentReadTx());
        }
    }

    internal void SetCompactRevision(long revision)
    {
        lock (_revisionGate)
        {
            _compactRevision = revision;
        }
    }

    /// <summary>Releases the batch lock and, when <paramref name="newRevision"/> is set, makes it current in the same step as readers see it.</summary>
    internal void ReleaseWrite(long? newRevision)
    {
        if (newRevision is not long rev)
        {
            Backend.Unlock();
            return;
        }

        lock (_revisionGate)
        {
            Backend.Unlock();
            _currentRevision = rev;
        }
    }

    internal static KeyValue? LoadCommitted(IKvReadTx tx, Revision revision)
    {
        Span<byte> key = stackalloc byte[RevisionKey.Length];
        RevisionKey.Write(revision, tombstone: false, key);
        return tx.TryGet(Buckets.Key, key, out var value) ? KeyValueCodec.Decode(value) : null;
    }
}
