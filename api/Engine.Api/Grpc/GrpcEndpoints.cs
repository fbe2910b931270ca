using Engine.Api.Grpc.Services;
using Engine.Api.Http;
using Engine.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Api.Grpc;

/// <summary>
/// etcd's native gRPC API in the client app: etcdserverpb.KV, Watch, Lease, Cluster, Maintenance, Auth
/// (Unimplemented until auth exists) and grpc.health.v1.Health, each a thin adapter over the member's
/// services. Limits as etcd: a message may be at most --max-request-bytes + 512 KiB, replies are unbounded.
/// </summary>
public static class GrpcEndpoints
{
    public static void AddServices(IServiceCollection services, IEtcdServer server)
    {
        services.AddSingleton(server);
        services.AddSingleton<HasLeaderInterceptor>();
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, RequestLimits.GrpcReceiveLimit(server.Options));
            grpc.MaxSendMessageSize = null;
            grpc.EnableDetailedErrors = false;
            grpc.Interceptors.Add<HasLeaderInterceptor>();
        });
        services.AddSingleton<KvService>();
        services.AddSingleton<WatchService>();
        services.AddSingleton<LeaseService>();
        services.AddSingleton<ClusterService>();
        services.AddSingleton<MaintenanceService>();
        services.AddSingleton<AuthService>();
        services.AddSingleton<HealthService>();
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGrpcService<KvService>();
        app.MapGrpcService<WatchService>();
        app.MapGrpcService<LeaseService>();
        app.MapGrpcService<ClusterService>();
        app.MapGrpcService<MaintenanceService>();
        app.MapGrpcService<AuthService>();
        app.MapGrpcService<HealthService>();
    }
}
