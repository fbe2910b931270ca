using Engine.Api.Grpc.Mapping;
using Engine.Api.Http;
using Engine.Protocol;
using Engine.Server;
using Grpc.Core;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Api.Grpc.Services;

/// <summary>etcdserverpb.Lease over gRPC, including the LeaseKeepAlive bidirectional stream.</summary>
public sealed class LeaseService(IEtcdServer server) : Wire.Lease.LeaseBase
{
    public override Task<Wire.LeaseGrantResponse> LeaseGrant(Wire.LeaseGrantRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, LeaseMapping.ToEngine(request), null, static (s, r, t) => s.LeaseGrantAsync(r, t), LeaseMapping.ToProto, context);

    public override Task<Wire.LeaseRevokeResponse> LeaseRevoke(Wire.LeaseRevokeRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, LeaseMapping.ToEngine(request), null, static (s, r, t) => s.LeaseRevokeAsync(r, t), LeaseMapping.ToProto, context);

    public override Task<Wire.LeaseTimeToLiveResponse> LeaseTimeToLive(Wire.LeaseTimeToLiveRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, LeaseMapping.ToEngine(request), null, static (s, r, t) => s.LeaseTimeToLiveAsync(r, t), LeaseMapping.ToProto, context);

    public override Task<Wire.LeaseLeasesResponse> LeaseLeases(Wire.LeaseLeasesRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, new LeaseLeasesRequest(), null, static (s, r, t) => s.LeaseLeasesAsync(r, t), LeaseMapping.ToProto, context);

    /// <summary>
    /// One answer per keep-alive, in order, as etcd's LeaseKeepAlive: an unknown lease answers TTL 0; an
    /// error (no leader, server stopped) ends the stream with its status. The client's CloseSend ends it cleanly.
    /// </summary>
    public override async Task LeaseKeepAlive(
        IAsyncStreamReader<Wire.LeaseKeepAliveRequest> requestStream,
        IServerStreamWriter<Wire.LeaseKeepAliveResponse> responseStream,
        ServerCallContext context)
    {
        CancellationToken cancel = context.CancellationToken;
        while (await requestStream.MoveNext(cancel))
        {
            Outcome<LeaseKeepAliveResponse> answer = await ServerCall.RunAsync(
                static (s, r, t) => s.LeaseKeepAliveAsync(r, t), server, LeaseMapping.ToEngine(requestStream.Current), cancel);
            if (answer.Error is { } error)
            {
                throw GrpcErrors.ToException(error);
            }

            await responseStream.WriteAsync(LeaseMapping.ToProto(answer.Value!), cancel);
        }
    }
}
