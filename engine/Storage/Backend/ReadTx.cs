using Engine.Storage.BTree;
using Engine.Storage.Schema;

namespace Engine.Storage.Backend;

/// <summary>
/// A concurrent read view: a B+tree read transaction on the last commit plus a private copy of the batch's
/// buffered writes as they stood when the view was opened. Never blocks the writer or other readers.
/// Spans it returns are valid until <see cref="Dispose"/>. Not for use by several threads at once.
/// </summary>
public sealed class ReadTx : IDisposable
{
    private readonly Backend _owner;
    private readonly ReadTransaction _tree;
    private readonly BufferSet _buffer;
    private bool _disposed;

    internal ReadTx(Backend owner, ReadTransaction tree, BufferSet buffer)
    {
        _owner = owner;
        _tree = tree;
        _buffer = buffer;
    }

    /// <summary>
    /// Visits [key, end) in key order (end empty: the single key), at most <paramref name="limit"/> entries
    /// (≤ 0: all); returns the number visited.
    /// </summary>
    public int Range(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> end, long limit, KeyValueVisitor visitor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return RangeMerge.Range(_tree, bucket.Id, _buffer.Get(bucket.Id), key, end, limit, visitor);
    }

    /// <summary>Visits every key of the bucket in key order, whatever its length; returns the number visited.</summary>
    public int ForEach(Bucket bucket, KeyValueVisitor visitor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return RangeMerge.ScanAll(_tree, bucket.Id, _buffer.Get(bucket.Id), visitor);
    }

    public bool TryGet(Bucket bucket, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return RangeMerge.TryGet(_tree, bucket.Id, _buffer.Get(bucket.Id), key, out value);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _tree.Dispose();
        _owner.ReleaseReader();
    }
}
