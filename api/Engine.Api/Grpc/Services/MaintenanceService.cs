using Engine.Api.Grpc.Mapping;
using Engine.Api.Http;
using Engine.Protocol;
using Engine.Server;
using Grpc.Core;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Api.Grpc.Services;

/// <summary>
/// etcdserverpb.Maintenance over gRPC: Status, Defragment, Hash, HashKV, Alarm and the Snapshot server
/// stream. MoveLeader and Downgrade are not served by Engine yet and answer Unimplemented (the base's default).
/// </summary>
public sealed class MaintenanceService(IEtcdServer server) : Wire.Maintenance.MaintenanceBase
{
    public override Task<Wire.StatusResponse> Status(Wire.StatusRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, new StatusRequest(), null, static (s, r, t) => s.StatusAsync(r, t), MaintenanceMapping.ToProto, context);

    public override Task<Wire.DefragmentResponse> Defragment(Wire.DefragmentRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, new DefragmentRequest(), null, static (s, r, t) => s.DefragmentAsync(r, t), MaintenanceMapping.ToProto, context);

    public override Task<Wire.HashResponse> Hash(Wire.HashRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, new HashRequest(), null, static (s, r, t) => s.HashAsync(r, t), MaintenanceMapping.ToProto, context);

    public override Task<Wire.HashKVResponse> HashKV(Wire.HashKVRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, MaintenanceMapping.ToEngine(request), null, static (s, r, t) => s.HashKVAsync(r, t), MaintenanceMapping.ToProto, context);

    public override Task<Wire.AlarmResponse> Alarm(Wire.AlarmRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, MaintenanceMapping.ToEngine(request), null, static (s, r, t) => s.AlarmAsync(r, t), MaintenanceMapping.ToProto, context);

    /// <summary>The db in 32 KiB messages counting down <c>remaining_bytes</c>, then the SHA-256 of every byte as the last blob (as etcd).</summary>
    public override async Task Snapshot(Wire.SnapshotRequest request, IServerStreamWriter<Wire.SnapshotResponse> responseStream, ServerCallContext context)
    {
        CancellationToken cancel = context.CancellationToken;
        Outcome<IDbSnapshot> opened = await ServerCall.RunAsync(static (s, _, t) => s.OpenSnapshotAsync(t), server, 0, cancel);
        if (opened.Error is { } error)
        {
            throw GrpcErrors.ToException(error);
        }

        await using IDbSnapshot snapshot = opened.Value!;
        await using var chunks = new SnapshotChunkStream(
            (message, token) => new ValueTask(responseStream.WriteAsync(MaintenanceMapping.ToProto(message), token)),
            snapshot.Size,
            snapshot.Header);
        try
        {
            await snapshot.WriteToAsync(chunks, cancel);
        }
        catch (Exception failure) when (failure is not OperationCanceledException && failure is not RpcException)
        {
            throw GrpcErrors.ToException(ServerCall.Classify(failure));
        }

        await chunks.CompleteAsync(cancel);
    }
}
