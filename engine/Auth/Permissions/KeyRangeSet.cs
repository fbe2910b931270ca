namespace Engine.Auth.Permissions;

/// <summary>
/// A union of key intervals kept as sorted, disjoint, non-touching intervals (overlapping or adjacent ones
/// merged), so "is every key of [b, e) in the set" is one binary search: etcd's interval-tree
/// <c>Contains</c> (adjacent permissions together cover a range) and <c>Intersects</c> for one key
/// (server/auth/range_perm_cache.go).
/// </summary>
public sealed class KeyRangeSet
{
    public static readonly KeyRangeSet Empty = new([]);

    private readonly KeyInterval[] _intervals;

    private KeyRangeSet(KeyInterval[] intervals) => _intervals = intervals;

    /// <summary>The merged intervals, sorted by their beginning.</summary>
    public IReadOnlyList<KeyInterval> Intervals => _intervals;

    /// <summary>Builds the set from any intervals (empty ones, End ≤ Begin, are dropped).</summary>
    public static KeyRangeSet Of(IEnumerable<KeyInterval> intervals)
    {
        var sorted = intervals
            .Where(i => KeyInterval.CompareKeyToEnd(i.Begin, i.End) < 0)
            .OrderBy(i => i.Begin, ByteArrayComparer.Instance)
            .ToList();
        var merged = new List<KeyInterval>(sorted.Count);
        foreach (var next in sorted)
        {
            if (merged.Count > 0 && KeyInterval.CompareKeyToEnd(next.Begin, merged[^1].End) <= 0)
            {
                var last = merged[^1];
                merged[^1] = last with { End = KeyInterval.CompareEnds(last.End, next.End) >= 0 ? last.End : next.End };
            }
            else
            {
                merged.Add(next);
            }
        }

        return merged.Count == 0 ? Empty : new KeyRangeSet([.. merged]);
    }

    /// <summary>Whether <paramref name="key"/> is in the set.</summary>
    public bool ContainsKey(ReadOnlySpan<byte> key) => FindContaining(key) >= 0;

    /// <summary>
    /// Whether the set covers every key of <paramref name="range"/> (etcd's interval <c>Contains</c>):
    /// the merged interval holding its beginning must reach its end.
    /// </summary>
    public bool Covers(KeyInterval range)
    {
        int index = FindContaining(range.Begin);
        if (index < 0)
        {
            return false;
        }

        var holder = _intervals[index];
        if (range.End is null)
        {
            return holder.End is null;
        }

        return KeyInterval.CompareEnds(holder.End, range.End) >= 0 && holder.Begin.AsSpan().SequenceCompareTo(range.End) < 0;
    }

    private int FindContaining(ReadOnlySpan<byte> key)
    {
        int lo = 0;
        int hi = _intervals.Length - 1;
        int candidate = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_intervals[mid].Begin.AsSpan().SequenceCompareTo(key) <= 0)
            {
                candidate = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return candidate >= 0 && KeyInterval.CompareKeyToEnd(key, _intervals[candidate].End) < 0 ? candidate : -1;
    }
}
