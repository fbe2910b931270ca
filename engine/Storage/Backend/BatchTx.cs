using Engine.Common.Errors;
using Engine.Storage.BTree;
using Engine.Storage.Schema;

namespace Engine.Storage.Backend;

/// <summary>
/// The backend's one long-lived B+tree write transaction (etcd's batchTxBuffered). Writers take the batch
/// lock (<see cref="Lock"/>/<see cref="Unlock"/>) and call the <c>*Locked</c> methods; each write goes into
/// the B+tree transaction and into a per-bucket write buffer, which <see cref="Unlock"/> publishes to the
/// shared read buffer in one step, so concurrent readers see a writer's changes all at once.
/// The batch commits when <see cref="BackendOptions.BatchLimit"/> writes are pending (at Unlock), on the
/// batch-interval timer, on <see cref="Backend.ForceCommit"/> and on close. Every commit first writes the
/// applied raft state (consistent_index, term, confState) into meta in the same B+tree transaction.
/// </summary>
public sealed class BatchTx
{
    private readonly Backend _owner;
    private readonly Lock _lock = new();
    private readonly BufferSet _writeBuffer = new();
    private readonly int _batchLimit;
    private WriteTransaction? _tx;
    private int _depth;
    private int _pending;
    private bool _appliedDirty;
    private ulong _consistentIndex;
    private ulong _term;
    private byte[]? _confState;
    private List<JournalEntry>? _journal;

    internal BatchTx(Backend owner, int batchLimit)
    {
        _owner = owner;
        _batchLimit = batchLimit;
    }

    /// <summary>Writes buffered since the last commit (puts and deletes).</summary>
    public int PendingLocked
    {
        get
        {
            RequireLock();
            return _pending;
        }
    }

    /// <summary>Commits so far (for tests and metrics).</summary>
    public long Commits { get; private set; }

    /// <summary>Takes the batch lock (reentrant). Every <c>*Locked</c> call must happen while it is held.</summary>
    public void Lock()
    {
        _lock.Enter();
        _depth++;
    }

    /// <summary>
    /// Releases the batch lock. The outermost release publishes this writer's buffered changes to readers and
    /// commits when the batch limit is reached.
    /// </summary>
    public void Unlock()
    {
        RequireLock();
        try
        {
            if (_depth == 1)
            {
                _owner.PublishWrites(_writeBuffer);
                if (_pending >= _batchLimit && _tx is not null && !_owner.IsFailed)
                {
                    CommitLocked(reopen: true);
                }
            }
        }
        finally
        {
            _depth--;
            _lock.Exit();
        }
    }

    public void PutLocked(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var tx = WritableTx();
        tx.Put(bucket.Id, key, value);
        byte[] keyCopy = key.ToArray();
        byte[] valueCopy = value.ToArray();
        _writeBuffer.Put(bucket.Id, keyCopy, valueCopy);
        _journal?.Add(new JournalEntry(bucket.Id, keyCopy, valueCopy));
        _pending++;
    }

    /// <summary>Deletes a key. Readers stop seeing it at <see cref="Unlock"/>, before the commit (a buffered tombstone).</summary>
    public void DeleteLocked(Bucket bucket, ReadOnlySpan<byte> key)
    {
        var tx = WritableTx();
        tx.Delete(bucket.Id, key);
        byte[] keyCopy = key.ToArray();
        _writeBuffer.Put(bucket.Id, keyCopy, null);
        _journal?.Add(new JournalEntry(bucket.Id, keyCopy, null));
        _pending++;
    }

    /// <summary>Reads [key, end) (end empty: the single key) through the write transaction, seeing this batch's writes.</summary>
    public int RangeLocked(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> end, long limit, KeyValueVisitor visitor) =>
        RangeMerge.Range(WritableTx(), bucket.Id, null, key, end, limit, visitor);

    /// <summary>Reads one key through the write transaction; the span is valid until the next write or commit.</summary>
    public bool TryGetLocked(Bucket bucket, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value) =>
        RangeMerge.TryGet(WritableTx(), bucket.Id, null, key, out value);

    /// <summary>
    /// Records the raft position of the entry just applied. The pre-commit hook writes it into meta in the same
    /// B+tree transaction as the data of every later commit, whatever triggers that commit.
    /// <paramref name="confState"/> empty keeps the last one set.
    /// </summary>
    public void SetAppliedStateLocked(ulong consistentIndex, ulong term, ReadOnlySpan<byte> confState)
    {
        RequireLock();
        _consistentIndex = consistentIndex;
        _term = term;
        if (!confState.IsEmpty)
        {
            _confState = confState.ToArray();
        }

        _appliedDirty = true;
    }

    internal bool HasPendingLocked => _pending > 0 || _appliedDirty;

    internal void RequireLock()
    {
        if (!_lock.IsHeldByCurrentThread)
        {
            throw new InvalidOperationException("the batch lock is not held by this thread: call BatchTx.Lock() first");
        }
    }

    internal void StartJournalLocked() => _journal = [];

    internal List<JournalEntry>? TakeJournalLocked()
    {
        var journal = _journal;
        _journal = null;
        return journal;
    }

    /// <summary>Loads the last committed applied state so an idle commit never writes zeros over it.</summary>
    internal void InitialiseAppliedState(AppliedState state)
    {
        _consistentIndex = state.ConsistentIndex;
        _term = state.Term;
        _confState = state.ConfState.Length > 0 ? state.ConfState : null;
    }

    internal void Begin(BTreeDatabase db) => _tx = db.BeginWrite();

    /// <summary>
    /// Runs the pre-commit hook and commits. Durable when it returns. On any failure the backend latches failed
    /// and an <see cref="EngineFatalException"/> is thrown. With <paramref name="reopen"/> a new transaction begins.
    /// </summary>
    internal void CommitLocked(bool reopen)
    {
        RequireLock();
        _owner.ThrowIfFailed();
        var tx = _tx ?? throw new ObjectDisposedException(nameof(Backend), "the backend is closed");
        if (!HasPendingLocked)
        {
            if (!reopen)
            {
                tx.Dispose();
                _tx = null;
            }

            return;
        }

        try
        {
            WriteAppliedState(tx);
            tx.Commit();
        }
        catch (Exception e)
        {
            _tx = null;
            DisposeQuietly(tx);
            throw _owner.Fail("backend commit failed", e);
        }

        _tx = null;
        Commits++;
        _pending = 0;
        _appliedDirty = false;
        _owner.OnCommitted();
        if (reopen)
        {
            try
            {
                _tx = _owner.BeginWriteOnCurrentDb();
            }
            catch (Exception e)
            {
                throw _owner.Fail("could not begin the next batch", e);
            }
        }
    }

    /// <summary>Drops the open transaction without committing (close after failure).</summary>
    internal void AbandonLocked()
    {
        if (_tx is { } tx)
        {
            _tx = null;
            DisposeQuietly(tx);
        }

        _writeBuffer.Clear();
    }

    private void WriteAppliedState(WriteTransaction tx)
    {
        if (_consistentIndex == 0 && _term == 0 && _confState is null)
        {
            return;
        }

        WriteMeta(tx, MetaKeys.ConsistentIndex, MetaCodec.EncodeUInt64(_consistentIndex));
        WriteMeta(tx, MetaKeys.Term, MetaCodec.EncodeUInt64(_term));
        if (_confState is not null)
        {
            WriteMeta(tx, MetaKeys.ConfState, _confState);
        }
    }

    private void WriteMeta(WriteTransaction tx, ReadOnlySpan<byte> key, byte[] value)
    {
        tx.Put(Buckets.Meta.Id, key, value);
        _journal?.Add(new JournalEntry(Buckets.Meta.Id, key.ToArray(), value));
    }

    private WriteTransaction WritableTx()
    {
        RequireLock();
        _owner.ThrowIfFailed();
        return _tx ?? throw new ObjectDisposedException(nameof(Backend), "the backend is closed");
    }

    private static void DisposeQuietly(IDisposable disposable)
    {
        try
        {
            disposable.Dispose();
        }
        catch (Exception)
        {
            // The transaction is being abandoned after a failure; the failure itself is what gets reported.
        }
    }
}
