namespace Engine.Protocol.Validation;

/// <summary>
/// etcd's stateless request checks (v3rpc key.go: checkRangeRequest, checkPutRequest, checkDeleteRequest,
/// checkTxnRequest, checkRequestOp, then checkIntervals), the one place they live. Every front end calls these
/// before a request is proposed, and MVCC calls them again on apply so a bad request can never change state.
/// </summary>
public static class RequestValidator
{
    /// <summary>A range needs a key; sort order and target must be known values.</summary>
    public static EtcdError? Check(RangeRequest range)
    {
        if (range.Key is not { Length: > 0 })
        {
            return EtcdErrors.EmptyKey;
        }

        return Enum.IsDefined(range.SortOrder) && Enum.IsDefined(range.SortTarget) ? null : EtcdErrors.InvalidSortOption;
    }

    /// <summary>A put needs a key; ignore_value excludes a value and ignore_lease a lease.</summary>
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

    /// <summary>A delete needs a key.</summary>
    public static EtcdError? Check(DeleteRangeRequest delete) => delete.Key is { Length: > 0 } ? null : EtcdErrors.EmptyKey;

    /// <summary>
    /// A txn: every list within its op budget (nested txns get the budget their parent left), compares with keys,
    /// every op well formed (exactly one request set), nesting within <see cref="ValidationLimits.MaxTxnNesting"/>,
    /// then the duplicate-key rule on each branch, nested txns included.
    /// </summary>
    public static EtcdError? Check(TxnRequest txn, ValidationLimits limits) =>
        CheckShape(txn, limits.MaxTxnOps, depth: 1)
        ?? TxnIntervals.FindDuplicate(txn.Success)
        ?? TxnIntervals.FindDuplicate(txn.Failure);

    private static EtcdError? CheckShape(TxnRequest txn, int budget, int depth)
    {
        int ops = Math.Max(txn.Compare?.Count ?? 0, Math.Max(txn.Success?.Count ?? 0, txn.Failure?.Count ?? 0));
        if (ops > budget || depth > ValidationLimits.MaxTxnNesting)
        {
            return EtcdErrors.TooManyOps;
        }

        foreach (Compare compare in txn.Compare ?? [])
        {
            if (compare.Key is not { Length: > 0 })
            {
                return EtcdErrors.EmptyKey;
            }
        }

        return CheckOps(txn.Success, budget - ops, depth) ?? CheckOps(txn.Failure, budget - ops, depth);
    }

    private static EtcdError? CheckOps(List<RequestOp>? ops, int budget, int depth)
    {
        foreach (RequestOp op in ops ?? [])
        {
            if (CheckOp(op, budget, depth) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>etcd's checkRequestOp: an op with no request is "key not found"; Engine also refuses an op that
    /// sets more than one (protobuf's oneof cannot carry two, JSON can; etcd's gateway silently keeps one).</summary>
    private static EtcdError? CheckOp(RequestOp op, int budget, int depth)
    {
        int set = (op.RequestRange is null ? 0 : 1) + (op.RequestPut is null ? 0 : 1)
            + (op.RequestDeleteRange is null ? 0 : 1) + (op.RequestTxn is null ? 0 : 1);
        if (set > 1)
        {
            return EtcdErrors.AmbiguousRequestOp;
        }

        return op switch
        {
            { RequestRange: { } range } => Check(range),
            { RequestPut: { } put } => Check(put),
            { RequestDeleteRange: { } delete } => Check(delete),
            { RequestTxn: { } nested } => CheckShape(nested, budget, depth + 1),
            _ => EtcdErrors.KeyNotFound,
        };
    }
}
