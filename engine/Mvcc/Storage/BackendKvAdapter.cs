using Engine.Storage.Backend;
using Engine.Storage.Schema;

namespace Engine.Mvcc.Storage;

/// <summary>Presents the storage <see cref="Backend"/> (its batch transaction and concurrent read views) as the store's <see cref="IKvBackend"/>.</summary>
public sealed class BackendKvAdapter : IKvBackend
{
    private readonly Backend _backend;

    public BackendKvAdapter(Backend backend)
    {
        _backend = backend;
    }

    public void Lock() => _backend.BatchTx.Lock();

    public void Unlock() => _backend.BatchTx.Unlock();

    public void PutLocked(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => _backend.BatchTx.PutLocked(bucket, key, value);

    public void DeleteLocked(Bucket bucket, ReadOnlySpan<byte> key) => _backend.BatchTx.DeleteLocked(bucket, key);

    public int RangeLocked(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> end, long limit, KvVisitor visitor) =>
        _backend.BatchTx.RangeLocked(bucket, key, end, limit, (k, v) => visitor(k, v));

    public void SetAppliedStateLocked(ulong consistentIndex, ulong term, ReadOnlySpan<byte> confState) =>
        _backend.BatchTx.SetAppliedStateLocked(consistentIndex, term, confState);

    public IKvReadTx ConcurrentReadTx() => new ReadView(_backend.ConcurrentReadTx());

    public void ForceCommit() => _backend.ForceCommit();

    private sealed class ReadView : IKvReadTx
    {
        private readonly ReadTx _tx;

        public ReadView(ReadTx tx)
        {
            _tx = tx;
        }

        public int Range(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> end, long limit, KvVisitor visitor) =>
            _tx.Range(bucket, key, end, limit, (k, v) => visitor(k, v));

        public bool TryGet(Bucket bucket, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value) => _tx.TryGet(bucket, key, out value);

        public void Dispose() => _tx.Dispose();
    }
}
