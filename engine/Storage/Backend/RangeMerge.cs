using Engine.Storage.BTree;

namespace Engine.Storage.Backend;

/// <summary>
/// Range reads over a B+tree transaction merged with a sorted bucket buffer: buffered entries win over
/// the tree on equal keys, tombstones hide the tree's key, output is in ascending key order. Half-open [key, end).
/// </summary>
internal static class RangeMerge
{
    public static bool TryGet(ReadTransaction tree, int bucketId, BucketBuffer? buffer, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        if (buffer is not null)
        {
            int index = buffer.Find(key);
            if (index >= 0)
            {
                byte[]? buffered = buffer.ValueAt(index);
                value = buffered;
                return buffered is not null;
            }
        }

        if (tree.BucketExists(bucketId) && tree.TryGet(bucketId, key, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Visits keys in [<paramref name="key"/>, <paramref name="end"/>) in order, at most <paramref name="limit"/>
    /// of them (≤ 0: no limit); an empty <paramref name="end"/> reads the single key. Returns the count visited.
    /// </summary>
    public static int Range(ReadTransaction tree, int bucketId, BucketBuffer? buffer, ReadOnlySpan<byte> key, ReadOnlySpan<byte> end, long limit, KeyValueVisitor visitor)
    {
        if (end.IsEmpty)
        {
            if (!TryGet(tree, bucketId, buffer, key, out var single))
            {
                return 0;
            }

            visitor(key, single);
            return 1;
        }

        return Scan(tree, bucketId, buffer, key, end, unbounded: false, limit, visitor);
    }

    /// <summary>Visits every key of the bucket in order (buffered writes merged in); returns the count visited.</summary>
    public static int ScanAll(ReadTransaction tree, int bucketId, BucketBuffer? buffer, KeyValueVisitor visitor) =>
        Scan(tree, bucketId, buffer, [], [], unbounded: true, 0, visitor);

    private static int Scan(ReadTransaction tree, int bucketId, BucketBuffer? buffer, ReadOnlySpan<byte> key, ReadOnlySpan<byte> end,
        bool unbounded, long limit, KeyValueVisitor visitor)
    {
        if (limit <= 0)
        {
            limit = long.MaxValue;
        }

        using var cursor = tree.BucketExists(bucketId) ? tree.OpenCursor(bucketId) : null;
        bool treeHas = cursor is not null && cursor.Seek(key) && (unbounded || cursor.Key.SequenceCompareTo(end) < 0);
        int bufferIndex = buffer?.LowerBound(key) ?? 0;
        int bufferCount = buffer?.Count ?? 0;
        bool bufferHas = bufferIndex < bufferCount && (unbounded || buffer!.KeyAt(bufferIndex).SequenceCompareTo(end) < 0);
        int visited = 0;
        while (treeHas || bufferHas)
        {
            int cmp = !treeHas ? -1 : !bufferHas ? 1 : buffer!.KeyAt(bufferIndex).SequenceCompareTo(cursor!.Key);
            bool keepGoing;
            if (cmp <= 0)
            {
                byte[]? value = buffer!.ValueAt(bufferIndex);
                ReadOnlySpan<byte> bufferedKey = buffer.KeyAt(bufferIndex);
                if (cmp == 0)
                {
                    treeHas = cursor!.Next() && (unbounded || cursor.Key.SequenceCompareTo(end) < 0);
                }

                bufferIndex++;
                bufferHas = bufferIndex < bufferCount && (unbounded || buffer.KeyAt(bufferIndex).SequenceCompareTo(end) < 0);
                if (value is null)
                {
                    continue;
                }

                keepGoing = visitor(bufferedKey, value);
            }
            else
            {
                keepGoing = visitor(cursor!.Key, cursor.Value);
                treeHas = cursor.Next() && (unbounded || cursor.Key.SequenceCompareTo(end) < 0);
            }

            visited++;
            if (!keepGoing || visited >= limit)
            {
                break;
            }
        }

        return visited;
    }
}
