using Engine.Protocol;

namespace Engine.Api.Http;

/// <summary>
/// etcd's stateless request checks, done before a request reaches the server (etcd's v3rpc key.go):
/// a key is required, ignore_value/ignore_lease exclude value/lease, sort enums must be known, a txn
/// has at most --max-txn-ops per list, every op is well formed, and no key is written twice (or put
/// into a range deleted) in one txn branch.
/// </summary>
public static class RequestChecks
{
    public static EtcdError? Check(RangeRequest range)
    {
        if (range.Key is not { Length: > 0 })
        {
            return EtcdErrors.EmptyKey;
        }

        if (!Enum.IsDefined(range.SortOrder) || !Enum.IsDefined(range.SortTarget))
        {
            return EtcdErrors.InvalidSortOption;
        }

        return null;
    }

    public static EtcdError? Check(PutRequest put)
    {
        if (put.Key is not { Length: > 0 })
        {
            return EtcdErrors.EmptyKey;
        }

        if (put.IgnoreValue && put.Value is { Length: > 0 })
        {
            return EtcdErrors.ValueProvided;
        }

        return put.IgnoreLease && put.Lease != 0 ? EtcdErrors.LeaseProvided : null;
    }

    public static EtcdError? Check(DeleteRangeRequest delete) =>
        delete.Key is { Length: > 0 } ? null : EtcdErrors.EmptyKey;

    public static EtcdError? Check(TxnRequest txn, int maxTxnOps)
    {
        if (Count(txn.Compare) > maxTxnOps || Count(txn.Success) > maxTxnOps || Count(txn.Failure) > maxTxnOps)
        {
            return EtcdErrors.TooManyOps;
        }

        if (txn.Compare is { } compares)
        {
            foreach (Compare compare in compares)
            {
                if (compare.Key is not { Length: > 0 })
                {
                    return EtcdErrors.EmptyKey;
                }
            }
        }

        EtcdError? error = CheckOps(txn.Success, maxTxnOps) ?? CheckOps(txn.Failure, maxTxnOps);
        if (error is not null)
        {
            return error;
        }

        return TxnIntervals.FindDuplicate(txn.Success) ?? TxnIntervals.FindDuplicate(txn.Failure);
    }

    private static EtcdError? CheckOps(List<RequestOp>? ops, int maxTxnOps)
    {
        if (ops is null)
        {
            return null;
        }

        foreach (RequestOp op in ops)
        {
            EtcdError? error = op switch
            {
                { RequestRange: { } range } => Check(range),
                { RequestPut: { } put } => Check(put),
                { RequestDeleteRange: { } delete } => Check(delete),
                { RequestTxn: { } nested } => Check(nested, maxTxnOps),
                _ => EtcdErrors.KeyNotFound,
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static int Count<T>(List<T>? list) => list?.Count ?? 0;
}
