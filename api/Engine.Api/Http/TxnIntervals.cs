using Engine.Protocol;

namespace Engine.Api.Http;

/// <summary>
/// etcd's duplicate-key rule for one txn branch (v3rpc key.go <c>checkIntervals</c>): a key may be put
/// once per branch, not into a range the branch deletes, and nested txns count as part of the branch
/// (their success and failure lists exclude each other, so the same key in both is allowed).
/// Intervals compare bytewise like etcd's string-affine intervals: an empty range_end is a single key.
/// </summary>
public static class TxnIntervals
{
    /// <summary><see cref="EtcdErrors.DuplicateKey"/> if the branch breaks the rule, else null.</summary>
    public static EtcdError? FindDuplicate(List<RequestOp>? ops) =>
        Collect(ops, out _, out _) ? null : EtcdErrors.DuplicateKey;

    private static bool Collect(List<RequestOp>? ops, out HashSet<Key> puts, out List<(byte[] Start, byte[]? End)> deletes)
    {
        puts = [];
        deletes = [];
        if (ops is null)
        {
            return true;
        }

        foreach (RequestOp op in ops)
        {
            if (op.RequestDeleteRange is { } delete)
            {
                deletes.Add((delete.Key ?? [], delete.RangeEnd is { Length: > 0 } end ? end : null));
            }
        }

        var childDeletes = new List<(byte[] Start, byte[]? End)>();
        foreach (RequestOp op in ops)
        {
            if (op.RequestTxn is not { } nested)
            {
                continue;
            }

            if (!Collect(nested.Success, out HashSet<Key> putsThen, out var delsThen) ||
                !Collect(nested.Failure, out HashSet<Key> putsElse, out var delsElse))
            {
                return false;
            }

            foreach (Key key in putsThen)
            {
                if (puts.Contains(key) || Intersects(deletes, key.Bytes))
                {
                    return false;
                }

                puts.Add(key);
            }

            foreach (Key key in putsElse)
            {
                if ((puts.Contains(key) && !putsThen.Contains(key)) || Intersects(deletes, key.Bytes))
                {
                    return false;
                }

                puts.Add(key);
            }

            childDeletes.AddRange(delsThen);
            childDeletes.AddRange(delsElse);
        }

        deletes.AddRange(childDeletes);
        foreach (RequestOp op in ops)
        {
            if (op.RequestPut is not { } put)
            {
                continue;
            }

            var key = new Key(put.Key ?? []);
            if (puts.Contains(key) || Intersects(deletes, key.Bytes))
            {
                return false;
            }

            puts.Add(key);
        }

        return true;
    }

    private static bool Intersects(List<(byte[] Start, byte[]? End)> intervals, byte[] point)
    {
        foreach ((byte[] start, byte[]? end) in intervals)
        {
            if (end is null)
            {
                if (start.AsSpan().SequenceEqual(point))
                {
                    return true;
                }
            }
            else if (start.AsSpan().SequenceCompareTo(point) <= 0 && point.AsSpan().SequenceCompareTo(end) < 0)
            {
                return true;
            }
        }

        return false;
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
