using Engine.Storage.Schema;

namespace Engine.Mvcc.Storage;

/// <summary>A read view of the backend that never blocks the writer; dispose when done.</summary>
public interface IKvReadTx : IDisposable
{
    int Range(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> end, long limit, KvVisitor visitor);

    bool TryGet(Bucket bucket, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value);
}
