using Engine.Protocol;
using Engine.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Engine.Api.Grpc;

/// <summary>
/// etcd's <c>hasleader</c> request metadata (clientv3 WithRequireLeader: every LeaseKeepAlive stream and
/// etcdctl watch send <c>hasleader: true</c>): when the member knows no leader, such a call fails at once
/// with Unavailable <c>etcdserver: no leader</c> instead of waiting (etcd v3rpc interceptor.go).
/// </summary>
public sealed class HasLeaderInterceptor(IEtcdServer server) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        RequireLeader(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        RequireLeader(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        RequireLeader(context);
        return continuation(requestStream, responseStream, context);
    }

    private void RequireLeader(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("hasleader") == "true" && !server.GetHealth().HasLeader)
        {
            throw GrpcErrors.ToException(EtcdErrors.NoLeader);
        }
    }
}
