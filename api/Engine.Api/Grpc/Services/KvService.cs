using Engine.Api.Grpc.Mapping;
using Engine.Api.Http;
using Engine.Protocol.Validation;
using Engine.Server;
using Grpc.Core;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Api.Grpc.Services;

/// <summary>etcdserverpb.KV over gRPC: decode, the gateway's request checks, the server's KV call, encode.</summary>
public sealed class KvService(IEtcdServer server) : Wire.KV.KVBase
{
    public override Task<Wire.RangeResponse> Range(Wire.RangeRequest request, ServerCallContext context)
    {
        var range = KvMapping.ToEngine(request);
        return GrpcCall.RunAsync(server, range, RequestValidator.Check(range), static (s, r, t) => s.RangeAsync(r, t), KvMapping.ToProto, context);
    }

    public override Task<Wire.PutResponse> Put(Wire.PutRequest request, ServerCallContext context)
    {
        var put = KvMapping.ToEngine(request);
        var invalid = RequestValidator.Check(put) ?? RequestLimits.CheckPayload(RequestLimits.Estimate(put), server.Options);
        return GrpcCall.RunAsync(server, put, invalid, static (s, r, t) => s.PutAsync(r, t), KvMapping.ToProto, context);
    }

    public override Task<Wire.DeleteRangeResponse> DeleteRange(Wire.DeleteRangeRequest request, ServerCallContext context)
    {
        var delete = KvMapping.ToEngine(request);
        return GrpcCall.RunAsync(server, delete, RequestValidator.Check(delete), static (s, r, t) => s.DeleteRangeAsync(r, t), KvMapping.ToProto, context);
    }

    public override Task<Wire.TxnResponse> Txn(Wire.TxnRequest request, ServerCallContext context)
    {
        var txn = KvMapping.ToEngine(request);
        var invalid = RequestValidator.Check(txn, new ValidationLimits(server.Options.MaxTxnOps)) ?? RequestLimits.CheckPayload(RequestLimits.Estimate(txn), server.Options);
        return GrpcCall.RunAsync(server, txn, invalid, static (s, r, t) => s.TxnAsync(r, t), KvMapping.ToProto, context);
    }

    public override Task<Wire.CompactionResponse> Compact(Wire.CompactionRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, KvMapping.ToEngine(request), null, static (s, r, t) => s.CompactAsync(r, t), KvMapping.ToProto, context);
}
