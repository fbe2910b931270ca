using Engine.Storage.Schema;

namespace Engine.Storage.Backend;

/// <summary>
/// One <see cref="BucketBuffer"/> per catalogue bucket, in an array indexed by <see cref="Bucket.Id"/>
/// (no bucket name is hashed on the hot path). Used for the batch's write buffer and for the shared read buffer.
/// </summary>
internal sealed class BufferSet
{
    private readonly BucketBuffer?[] _byId;

    public BufferSet()
    {
        _byId = new BucketBuffer?[Buckets.ArrayLength];
    }

    private BufferSet(BucketBuffer?[] byId)
    {
        _byId = byId;
    }

    public bool IsEmpty
    {
        get
        {
            foreach (var buffer in _byId)
            {
                if (buffer is { Count: > 0 })
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The buffer of <paramref name="bucketId"/>, or null when nothing was written to it.</summary>
    public BucketBuffer? Get(int bucketId) => _byId[bucketId] is { Count: > 0 } buffer ? buffer : null;

    public void Put(int bucketId, byte[] key, byte[]? value) => (_byId[bucketId] ??= new BucketBuffer()).Put(key, value);

    /// <summary>Applies all of <paramref name="newer"/> on top of this set (newer wins), then clears <paramref name="newer"/>.</summary>
    public void DrainFrom(BufferSet newer)
    {
        for (int id = 0; id < _byId.Length; id++)
        {
            var source = newer._byId[id];
            if (source is { Count: > 0 })
            {
                (_byId[id] ??= new BucketBuffer()).MergeFrom(source);
                source.Clear();
            }
        }
    }

    /// <summary>An independent copy (sharing the immutable key and value arrays) for concurrent readers.</summary>
    public BufferSet Snapshot()
    {
        var copy = new BucketBuffer?[_byId.Length];
        for (int id = 0; id < _byId.Length; id++)
        {
            if (_byId[id] is { Count: > 0 } buffer)
            {
                copy[id] = buffer.Clone();
            }
        }

        return new BufferSet(copy);
    }

    public void Clear()
    {
        foreach (var buffer in _byId)
        {
            buffer?.Clear();
        }
    }
}
