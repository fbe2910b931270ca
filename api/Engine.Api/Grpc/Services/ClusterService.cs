using Engine.Api.Grpc.Mapping;
using Engine.Server;
using Grpc.Core;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Api.Grpc.Services;

/// <summary>etcdserverpb.Cluster over gRPC: the member list and membership changes.</summary>
public sealed class ClusterService(IEtcdServer server) : Wire.Cluster.ClusterBase
{
    public override Task<Wire.MemberListResponse> MemberList(Wire.MemberListRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, ClusterMapping.ToEngine(request), null, static (s, r, t) => s.MemberListAsync(r, t), ClusterMapping.ToProto, context);

    public override Task<Wire.MemberAddResponse> MemberAdd(Wire.MemberAddRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, ClusterMapping.ToEngine(request), null, static (s, r, t) => s.MemberAddAsync(r, t), ClusterMapping.ToProto, context);

    public override Task<Wire.MemberRemoveResponse> MemberRemove(Wire.MemberRemoveRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, ClusterMapping.ToEngine(request), null, static (s, r, t) => s.MemberRemoveAsync(r, t), ClusterMapping.ToProto, context);

    public override Task<Wire.MemberUpdateResponse> MemberUpdate(Wire.MemberUpdateRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, ClusterMapping.ToEngine(request), null, static (s, r, t) => s.MemberUpdateAsync(r, t), ClusterMapping.ToProto, context);

    public override Task<Wire.MemberPromoteResponse> MemberPromote(Wire.MemberPromoteRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(server, ClusterMapping.ToEngine(request), null, static (s, r, t) => s.MemberPromoteAsync(r, t), ClusterMapping.ToProto, context);
}
