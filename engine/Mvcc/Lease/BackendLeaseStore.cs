using Engine.Storage.Backend;
using Engine.Storage.Schema;

namespace Engine.Mvcc.Lease;

/// <summary>
/// The production <see cref="ILeaseStore"/>: leases in the backend's <c>lease</c> bucket (<see cref="Buckets.Lease"/>),
/// encoded by <see cref="LeaseRecordCodec"/>, written in the backend's batch transaction (durable at its next commit,
/// together with the applied index of the entry that caused them).
/// </summary>
public sealed class BackendLeaseStore : ILeaseStore
{
    private static readonly byte[] RangeStart = [0x00];
    private static readonly byte[] RangeEnd = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    private readonly Backend _backend;

    public BackendLeaseStore(Backend backend) => _backend = backend ?? throw new ArgumentNullException(nameof(backend));

    /// <summary>Every lease in the bucket (including the batch's uncommitted writes), ordered by the key's bytes.</summary>
    public IReadOnlyList<LeaseRecord> LoadAll()
    {
        var records = new List<LeaseRecord>();
        BatchTx tx = _backend.BatchTx;
        tx.Lock();
        try
        {
            tx.RangeLocked(Buckets.Lease, RangeStart, RangeEnd, 0, (key, value) =>
            {
                records.Add(LeaseRecordCodec.Decode(key, value));
                return true;
            });
        }
        finally
        {
            tx.Unlock();
        }

        return records;
    }

    public void Save(LeaseRecord record)
    {
        Span<byte> key = stackalloc byte[LeaseRecordCodec.KeySize];
        Span<byte> value = stackalloc byte[LeaseRecordCodec.MaxValueSize];
        LeaseRecordCodec.EncodeKey(record.Id, key);
        int length = LeaseRecordCodec.EncodeValue(record, value);
        BatchTx tx = _backend.BatchTx;
        tx.Lock();
        try
        {
            tx.PutLocked(Buckets.Lease, key, value[..length]);
        }
        finally
        {
            tx.Unlock();
        }
    }

    public void DeleteLocked(long id)
    {
        Span<byte> key = stackalloc byte[LeaseRecordCodec.KeySize];
        LeaseRecordCodec.EncodeKey(id, key);
        _backend.BatchTx.DeleteLocked(Buckets.Lease, key);
    }
}
