using Engine.Protocol;
using Engine.Server;

namespace Engine.Api.Http;

/// <summary>
/// etcd's size limits on a request, applied before and after decoding. etcd's gRPC server refuses a
/// message over <c>--max-request-bytes</c> + 512 KiB (ResourceExhausted, "grpc: received message larger
/// than max"), and etcdserver refuses a request over <c>--max-request-bytes</c> ("request is too large").
/// A JSON body carries bytes as base64 (4/3 larger), so the body cap is the gRPC limit × 4/3 plus slack;
/// the decoded payload is then measured against both limits.
/// </summary>
public static class RequestLimits
{
    /// <summary>etcd's grpcOverheadBytes: the gRPC receive limit is max-request-bytes plus this.</summary>
    public const int GrpcOverheadBytes = 512 * 1024;

    /// <summary>Per-field framing allowance when estimating the protobuf size of a decoded request.</summary>
    private const int FieldOverhead = 8;

    /// <summary>The gRPC receive limit etcd would apply.</summary>
    public static long GrpcReceiveLimit(ServerOptions options) => (long)options.MaxRequestBytes + GrpcOverheadBytes;

    /// <summary>The largest JSON body read before answering ResourceExhausted without buffering more.</summary>
    public static long BodyLimit(ServerOptions options) => (GrpcReceiveLimit(options) * 4 / 3) + 64 * 1024;

    /// <summary>The error for a body or payload of <paramref name="size"/> bytes over the gRPC limit.</summary>
    public static EtcdError ReceiveLimitExceeded(long size, ServerOptions options) =>
        new(GrpcCode.ResourceExhausted, $"grpc: received message larger than max ({size} vs. {GrpcReceiveLimit(options)})");

    /// <summary>Checks an estimated protobuf size against both limits.</summary>
    public static EtcdError? CheckPayload(long estimatedSize, ServerOptions options)
    {
        if (estimatedSize > GrpcReceiveLimit(options))
        {
            return ReceiveLimitExceeded(estimatedSize, options);
        }

        return estimatedSize > options.MaxRequestBytes ? EtcdErrors.RequestTooLarge : null;
    }

    /// <summary>Approximate protobuf size of a put.</summary>
    public static long Estimate(PutRequest put) => Len(put.Key) + Len(put.Value) + 3 * FieldOverhead;

    /// <summary>Approximate protobuf size of a txn, nested txns included.</summary>
    public static long Estimate(TxnRequest txn)
    {
        long size = 0;
        if (txn.Compare is { } compares)
        {
            foreach (Compare compare in compares)
            {
                size += Len(compare.Key) + Len(compare.Value) + Len(compare.RangeEnd) + 4 * FieldOverhead;
            }
        }

        return size + Estimate(txn.Success) + Estimate(txn.Failure);
    }

    private static long Estimate(List<RequestOp>? ops)
    {
        long size = 0;
        if (ops is null)
        {
            return 0;
        }

        foreach (RequestOp op in ops)
        {
            size += FieldOverhead;
            if (op.RequestPut is { } put)
            {
                size += Estimate(put);
            }
            else if (op.RequestRange is { } range)
            {
                size += Len(range.Key) + Len(range.RangeEnd) + 4 * FieldOverhead;
            }
            else if (op.RequestDeleteRange is { } delete)
            {
                size += Len(delete.Key) + Len(delete.RangeEnd) + 2 * FieldOverhead;
            }
            else if (op.RequestTxn is { } nested)
            {
                size += Estimate(nested);
            }
        }

        return size;
    }

    private static long Len(byte[]? bytes) => bytes?.Length ?? 0;
}
