using Engine.Protocol;

namespace Engine.Server.Kv;

/// <summary>What a txn can do, from its operations alone: read-only txns never go through raft; puts are subject to the quota.</summary>
internal static class TxnShape
{
    public static bool IsReadOnly(TxnRequest request) =>
        AllReadOnly(request.Success) && AllReadOnly(request.Failure);

    public static bool HasPuts(TxnRequest request) =>
        AnyPut(request.Success) || AnyPut(request.Failure);

    private static bool AllReadOnly(List<RequestOp>? ops) =>
        ops is null || ops.All(op => op.RequestRange is not null || (op.RequestTxn is { } nested && IsReadOnly(nested)));

    private static bool AnyPut(List<RequestOp>? ops) =>
        ops is not null && ops.Any(op => op.RequestPut is not null || (op.RequestTxn is { } nested && HasPuts(nested)));
}
