using System.Collections.Immutable;
using Engine.Mvcc.Storage;
using Engine.Storage.Schema;

namespace Engine.Mvcc.Tests.Support;

/// <summary>An in-memory <see cref="IKvBackend"/> over immutable sorted maps: read views are O(1) snapshots. Everything is "committed".</summary>
public sealed class MemoryKvBackend : IKvBackend
{
    private static readonly IComparer<byte[]> Order = Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b));
    private readonly object _lock = new();
    private ImmutableSortedDictionary<byte[], byte[]>[] _buckets;
    private ImmutableSortedDictionary<byte[], byte[]>[] _published;

    public MemoryKvBackend()
    {
        _buckets = new ImmutableSortedDictionary<byte[], byte[]>[Buckets.ArrayLength];
        for (int i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = ImmutableSortedDictionary.Create<byte[], byte[]>(Order);
        }

        _published = (ImmutableSortedDictionary<byte[], byte[]>[])_buckets.Clone();
    }

    public int ForceCommits { get; private set; }

    public (ulong Index, ulong Term) Applied { get; private set; }

    public void Lock() => Monitor.Enter(_lock);

    /// <summary>Publishes the writer's changes to new read views (as the real backend does at unlock), then releases the lock.</summary>
    public void Unlock()
    {
        Volatile.Write(ref _published, (ImmutableSortedDictionary<byte[], byte[]>[])_buckets.Clone());
        Monitor.Exit(_lock);
    }

    public void PutLocked(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        _buckets[bucket.Id] = _buckets[bucket.Id].SetItem(key.ToArray(), value.ToArray());

    public void DeleteLocked(Bucket bucket, ReadOnlySpan<byte> key) => _buckets[bucket.Id] = _buckets[bucket.Id].Remove(key.ToArray());

    public int RangeLocked(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> end, long limit, KvVisitor visitor) =>
        RangeOf(_buckets[bucket.Id], key, end, limit, visitor);

    public void SetAppliedStateLocked(ulong consistentIndex, ulong term, ReadOnlySpan<byte> confState) => Applied = (consistentIndex, term);

    /// <summary>A snapshot of what the last writer published; never waits for the writer.</summary>
    public IKvReadTx ConcurrentReadTx() => new View(Volatile.Read(ref _published));

    public void ForceCommit()
    {
        lock (_lock)
        {
            ForceCommits++;
        }
    }

    public int Count(Bucket bucket) => _buckets[bucket.Id].Count;

    private static int RangeOf(ImmutableSortedDictionary<byte[], byte[]> map, ReadOnlySpan<byte> key, ReadOnlySpan<byte> end, long limit, KvVisitor visitor)
    {
        if (end.IsEmpty)
        {
            if (map.TryGetValue(key.ToArray(), out var single))
            {
                visitor(key, single);
                return 1;
            }

            return 0;
        }

        int n = 0;
        foreach (var (k, v) in map)
        {
            if (k.AsSpan().SequenceCompareTo(key) < 0)
            {
                continue;
            }

            if (k.AsSpan().SequenceCompareTo(end) >= 0 || (limit > 0 && n >= limit))
            {
                break;
            }

            n++;
            if (!visitor(k, v))
            {
                break;
            }
        }

        return n;
    }

    private sealed class View(ImmutableSortedDictionary<byte[], byte[]>[] buckets) : IKvReadTx
    {
        public int Range(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> end, long limit, KvVisitor visitor) =>
            RangeOf(buckets[bucket.Id], key, end, limit, visitor);

        public bool TryGet(Bucket bucket, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
        {
            if (buckets[bucket.Id].TryGetValue(key.ToArray(), out var v))
            {
                value = v;
                return true;
            }

            value = default;
            return false;
        }

        public void Dispose()
        {
        }
    }
}
