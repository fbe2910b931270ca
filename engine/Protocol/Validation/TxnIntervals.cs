namespace Engine.Protocol.Validation;

/// <summary>
/// etcd's duplicate-key rule for one txn branch (v3rpc key.go <c>checkIntervals</c>): a key may be put once per
/// branch and not into a range the branch deletes; nested txns count as part of the branch (their success and
/// failure lists exclude each other, so both may put the same key). As in etcd, a nested txn's deletes join the
/// branch's deletes as soon as that nested txn is checked, so a later sibling's puts are checked against them.
/// A delete is the interval [key, range_end) compared bytewise, or the single key when range_end is empty.
/// </summary>
internal static class TxnIntervals
{
    /// <summary><see cref="EtcdErrors.DuplicateKey"/> if the branch breaks the rule, else null.</summary>
    public static EtcdError? FindDuplicate(List<RequestOp>? ops) => Collect(ops, out _, out _) ? null : EtcdErrors.DuplicateKey;

    private static bool Collect(List<RequestOp>? ops, out HashSet<Key> puts, out List<Interval> deletes)
    {
        puts = [];
        deletes = [];
        foreach (RequestOp op in ops ?? [])
        {
            if (op.RequestDeleteRange is { } delete)
            {
                deletes.Add(new Interval(delete.Key ?? [], delete.RangeEnd is { Length: > 0 } end ? end : null));
            }
        }

        foreach (RequestOp op in ops ?? [])
        {
            if (op.RequestTxn is not { } nested)
            {
                continue;
            }

            if (!Collect(nested.Success, out HashSet<Key> putsThen, out List<Interval> deletesThen) ||
                !Collect(nested.Failure, out HashSet<Key> putsElse, out List<Interval> deletesElse))
            {
                return false;
            }

            foreach (Key key in putsThen)
            {
                if (!puts.Add(key) || Intersects(deletes, key.Bytes))
                {
                    return false;
                }
            }

            foreach (Key key in putsElse)
            {
                if ((puts.Contains(key) && !putsThen.Contains(key)) || Intersects(deletes, key.Bytes))
                {
                    return false;
                }

                puts.Add(key);
            }

            deletes.AddRange(deletesThen);
            deletes.AddRange(deletesElse);
        }

        foreach (RequestOp op in ops ?? [])
        {
            if (op.RequestPut is { } put && (!puts.Add(new Key(put.Key ?? [])) || Intersects(deletes, put.Key ?? [])))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Intersects(List<Interval> intervals, byte[] point)
    {
        foreach (Interval interval in intervals)
        {
            if (interval.Contains(point))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A deleted range: [Start, End) bytewise, or the single key Start when End is null.</summary>
    private readonly record struct Interval(byte[] Start, byte[]? End)
    {
        public bool Contains(byte[] point) => End is null
            ? Start.AsSpan().SequenceEqual(point)
            : Start.AsSpan().SequenceCompareTo(point) <= 0 && point.AsSpan().SequenceCompareTo(End) < 0;
    }

    /// <summary>A byte-string key with value equality.</summary>
    private readonly struct Key(byte[] bytes) : IEquatable<Key>
    {
        public byte[] Bytes { get; } = bytes;

        public bool Equals(Key other) => Bytes.AsSpan().SequenceEqual(other.Bytes);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.AddBytes(Bytes);
            return hash.ToHashCode();
        }
    }
}
