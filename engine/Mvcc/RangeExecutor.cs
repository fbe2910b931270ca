using Engine.Mvcc.Index;
using Engine.Protocol;

namespace Engine.Mvcc;

/// <summary>
/// Serves a RangeRequest from the key index and a revision loader, exactly as etcd's apply of Range
/// (etcd txn.go executeRange over kvstore_txn.go rangeKeys): the revision checks, count from the index,
/// limit push-down (fetching limit + 1 for <c>more</c>) unless sorting or a min/max filter needs every key,
/// the filters, the sort (stable: equal sort values keep key order), the limit, keys_only and count_only.
/// </summary>
internal static class RangeExecutor
{
    /// <summary>Loads the stored key-value of a revision; null when it is gone (a compaction overtook the read).</summary>
    public delegate KeyValue? RevisionLoader(Revision revision);

    /// <summary>The end argument of the index for a request's range_end: null = single key, empty = unbounded.</summary>
    public static byte[]? IndexEnd(byte[]? rangeEnd)
    {
        if (rangeEnd is not { Length: > 0 })
        {
            return null;
        }

        return rangeEnd is [0] ? [] : rangeEnd;
    }

    public static Outcome<RangeResponse> Execute(RangeRequest r, long currentRev, long compactRev, TreeIndex index, RevisionLoader load)
    {
        long rev = r.Revision;
        if (rev > currentRev)
        {
            return EtcdErrors.FutureRevision;
        }

        if (rev <= 0)
        {
            rev = currentRev;
        }

        if (rev < compactRev)
        {
            return EtcdErrors.Compacted;
        }

        var key = r.Key!;
        var end = IndexEnd(r.RangeEnd);
        var response = new RangeResponse { Header = new ResponseHeader { Revision = currentRev } };
        if (r.CountOnly)
        {
            response.Count = index.Revisions(key, end, rev, 0, null);
            return response;
        }

        bool needsAll = r.SortOrder != SortOrder.None || r.MinModRevision != 0 || r.MaxModRevision != 0 || r.MinCreateRevision != 0 || r.MaxCreateRevision != 0;
        long fetch = needsAll || r.Limit <= 0 ? 0 : r.Limit + 1;
        var revisions = new List<Revision>();
        response.Count = index.Revisions(key, end, rev, fetch, revisions);
        var kvs = new List<KeyValue>(revisions.Count);
        foreach (var revision in revisions)
        {
            var kv = load(revision);
            if (kv is null)
            {
                return EtcdErrors.Compacted;
            }

            if (Keep(r, kv))
            {
                kvs.Add(kv);
            }
        }

        kvs = Sort(r, kvs);
        if (r.Limit > 0 && kvs.Count > r.Limit)
        {
            kvs.RemoveRange((int)r.Limit, kvs.Count - (int)r.Limit);
            response.More = true;
        }

        if (r.KeysOnly)
        {
            foreach (var kv in kvs)
            {
                kv.Value = null;
            }
        }

        response.Kvs = kvs.Count == 0 ? null : kvs;
        return response;
    }

    private static bool Keep(RangeRequest r, KeyValue kv) =>
        (r.MaxModRevision == 0 || kv.ModRevision <= r.MaxModRevision)
        && (r.MinModRevision == 0 || kv.ModRevision >= r.MinModRevision)
        && (r.MinCreateRevision == 0 || kv.CreateRevision >= r.MinCreateRevision)
        && (r.MaxCreateRevision == 0 || kv.CreateRevision <= r.MaxCreateRevision);

    /// <summary>etcd: a target other than KEY with order NONE sorts ascending; KEY ascending is already the index order.</summary>
    public static SortOrder EffectiveOrder(SortOrder order, SortTarget target)
    {
        if (target != SortTarget.Key && order == SortOrder.None)
        {
            return SortOrder.Ascend;
        }

        return target == SortTarget.Key && order == SortOrder.Ascend ? SortOrder.None : order;
    }

    private static List<KeyValue> Sort(RangeRequest r, List<KeyValue> kvs)
    {
        var order = EffectiveOrder(r.SortOrder, r.SortTarget);
        if (order == SortOrder.None || kvs.Count < 2)
        {
            return kvs;
        }

        Comparison<KeyValue> compare = r.SortTarget switch
        {
            SortTarget.Key => (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key),
            SortTarget.Version => (a, b) => a.Version.CompareTo(b.Version),
            SortTarget.Create => (a, b) => a.CreateRevision.CompareTo(b.CreateRevision),
            SortTarget.Mod => (a, b) => a.ModRevision.CompareTo(b.ModRevision),
            _ => (a, b) => (a.Value ?? []).AsSpan().SequenceCompareTo(b.Value ?? []),
        };
        var comparer = Comparer<KeyValue>.Create(compare);
        return order == SortOrder.Ascend ? [.. kvs.OrderBy(kv => kv, comparer)] : [.. kvs.OrderByDescending(kv => kv, comparer)];
    }
}
