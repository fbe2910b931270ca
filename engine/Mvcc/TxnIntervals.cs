using Engine.Protocol;

namespace Engine.Mvcc;

/// <summary>
/// etcd's duplicate-key rule for txns (v3rpc key.go checkIntervals): within one branch, and across the
/// nested txns it contains, a key may be put at most once and may not be put inside a range that is deleted;
/// the success and failure branches of a nested txn may put the same key (only one of them runs). Deleted
/// ranges are compared as etcd's affine intervals: [key, range_end), a single key is [key, key+"\0"), and an
/// empty end is unbounded.
/// </summary>
internal static class TxnIntervals
{
    public static EtcdError? Collect(List<RequestOp>? ops, out HashSet<string> puts, out List<(byte[] Begin, byte[]? End)> deletes)
    {
        puts = new HashSet<string>(StringComparer.Ordinal);
        deletes = [];
        if (ops is null)
        {
            return null;
        }

        foreach (var op in ops)
        {
            if (op.RequestDeleteRange is { } d)
            {
                var key = d.Key ?? [];
                deletes.Add(d.RangeEnd is { Length: > 0 } end ? (key, end) : (key, [.. key, 0]));
            }
        }

        var childDeletes = new List<(byte[] Begin, byte[]? End)>();
        foreach (var op in ops)
        {
            if (op.RequestTxn is not { } txn)
            {
                continue;
            }

            var error = Collect(txn.Success, out var putsThen, out var delsThen);
            if (error is not null)
            {
                return error;
            }

            error = Collect(txn.Failure, out var putsElse, out var delsElse);
            if (error is not null)
            {
                return error;
            }

            foreach (var k in putsThen)
            {
                if (puts.Contains(k) || Intersects(deletes, k))
                {
                    return EtcdErrors.DuplicateKey;
                }

                puts.Add(k);
            }

            foreach (var k in putsElse)
            {
                if ((puts.Contains(k) && !putsThen.Contains(k)) || Intersects(deletes, k))
                {
                    return EtcdErrors.DuplicateKey;
                }

                puts.Add(k);
            }

            childDeletes.AddRange(delsThen);
            childDeletes.AddRange(delsElse);
        }

        deletes.AddRange(childDeletes);
        foreach (var op in ops)
        {
            if (op.RequestPut is not { } p)
            {
                continue;
            }

            string k = KeyString(p.Key ?? []);
            if (puts.Contains(k) || Intersects(deletes, k))
            {
                return EtcdErrors.DuplicateKey;
            }

            puts.Add(k);
        }

        return null;
    }

    private static bool Intersects(List<(byte[] Begin, byte[]? End)> intervals, string key)
    {
        byte[] point = KeyBytes(key);
        byte[] pointEnd = [.. point, 0];
        foreach (var (begin, end) in intervals)
        {
            // [begin, end) and [point, pointEnd) overlap when begin < pointEnd and point < end (empty end = +inf)
            bool beginBeforePointEnd = begin.AsSpan().SequenceCompareTo(pointEnd) < 0;
            bool pointBeforeEnd = end is null || end.Length == 0 || point.AsSpan().SequenceCompareTo(end) < 0;
            if (beginBeforePointEnd && pointBeforeEnd)
            {
                return true;
            }
        }

        return false;
    }

    private static string KeyString(byte[] key) => Convert.ToBase64String(key);

    private static byte[] KeyBytes(string key) => Convert.FromBase64String(key);
}
