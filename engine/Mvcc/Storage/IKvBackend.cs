using Engine.Storage.Schema;

namespace Engine.Mvcc.Storage;

/// <summary>
/// What the MVCC store needs from the storage backend: one long-lived batched write transaction guarded by a
/// lock, concurrent read transactions that see committed data plus the batch's buffered writes, and a forced
/// commit. <see cref="BackendKvAdapter"/> maps it onto <c>Engine.Storage.Backend.Backend</c>; tests may use an
/// in-memory implementation. Ranges are half-open [key, end); an empty end means the single key.
/// </summary>
public interface IKvBackend
{
    void Lock();

    void Unlock();

    void PutLocked(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    void DeleteLocked(Bucket bucket, ReadOnlySpan<byte> key);

    int RangeLocked(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> end, long limit, KvVisitor visitor);

    /// <summary>Records the applied raft position, committed in the same backend transaction as the data written under this lock.</summary>
    void SetAppliedStateLocked(ulong consistentIndex, ulong term, ReadOnlySpan<byte> confState);

    IKvReadTx ConcurrentReadTx();

    /// <summary>Commits the batch durably (fsynced) before returning.</summary>
    void ForceCommit();
}
