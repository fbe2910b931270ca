using Engine.Protocol;

namespace Engine.Mvcc;

/// <summary>
/// etcd's request checks made before a KV request is applied (etcd v3rpc key.go): empty keys, sort options,
/// put flag combinations, txn size (--max-txn-ops) and the duplicate-key rule. The api calls these before
/// proposing; the store calls them again on apply so a bad request can never change state.
/// </summary>
public static class KvRequestValidator
{
    public static EtcdError? CheckRange(RangeRequest r)
    {
        if (r.Key is not { Length: > 0 })
        {
            return EtcdErrors.EmptyKey;
        }

        if (r.SortOrder is < SortOrder.None or > SortOrder.Descend || r.SortTarget is < SortTarget.Key or > SortTarget.Value)
        {
            return EtcdErrors.InvalidSortOption;
        }

        return null;
    }

    public static EtcdError? CheckPut(PutRequest r)
    {
        if (r.Key is not { Length: > 0 })
        {
            return EtcdErrors.EmptyKey;
        }

        if (r.IgnoreValue && r.Value is { Length: > 0 })
        {
            return EtcdErrors.ValueProvided;
        }

        if (r.IgnoreLease && r.Lease != 0)
        {
            return EtcdErrors.LeaseProvided;
        }

        return null;
    }

    public static EtcdError? CheckDeleteRange(DeleteRangeRequest r) => r.Key is { Length: > 0 } ? null : EtcdErrors.EmptyKey;

    /// <summary>Checks a txn and, recursively, its nested txns; then the duplicate-key rule over both branches.</summary>
    public static EtcdError? CheckTxn(TxnRequest r, int maxTxnOps)
    {
        var error = CheckTxnShape(r, maxTxnOps);
        if (error is not null)
        {
            return error;
        }

        return TxnIntervals.Collect(r.Success, out _, out _) ?? TxnIntervals.Collect(r.Failure, out _, out _);
    }

    private static EtcdError? CheckTxnShape(TxnRequest r, int maxTxnOps)
    {
        int ops = Math.Max(r.Compare?.Count ?? 0, Math.Max(r.Success?.Count ?? 0, r.Failure?.Count ?? 0));
        if (ops > maxTxnOps)
        {
            return EtcdErrors.TooManyOps;
        }

        foreach (var c in r.Compare ?? [])
        {
            if (c.Key is not { Length: > 0 })
            {
                return EtcdErrors.EmptyKey;
            }
        }

        foreach (var op in (r.Success ?? []).Concat(r.Failure ?? []))
        {
            var error = CheckOp(op, maxTxnOps);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static EtcdError? CheckOp(RequestOp op, int maxTxnOps)
    {
        if (op.RequestRange is { } range)
        {
            return CheckRange(range);
        }

        if (op.RequestPut is { } put)
        {
            return CheckPut(put);
        }

        if (op.RequestDeleteRange is { } delete)
        {
            return CheckDeleteRange(delete);
        }

        if (op.RequestTxn is { } txn)
        {
            return CheckTxnShape(txn, maxTxnOps);
        }

        return null;
    }
}
