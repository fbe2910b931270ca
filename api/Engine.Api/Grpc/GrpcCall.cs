using Engine.Api.Http;
using Engine.Protocol;
using Engine.Server;
using Grpc.Core;

namespace Engine.Api.Grpc;

/// <summary>
/// One unary gRPC call as every service runs it: the request checks (the same ones the JSON gateway runs),
/// the server call (an unexpected exception becomes an etcd error, <see cref="ServerCall"/>), then either
/// the mapped response or etcd's status.
/// </summary>
public static class GrpcCall
{
    public static async Task<TReply> RunAsync<TRequest, TResponse, TReply>(
        IEtcdServer server,
        TRequest request,
        EtcdError? invalid,
        Func<IEtcdServer, TRequest, CancellationToken, ValueTask<Outcome<TResponse>>> call,
        Func<TResponse, TReply> map,
        ServerCallContext context)
        where TResponse : class
    {
        if (invalid is not null)
        {
            throw GrpcErrors.ToException(invalid);
        }

        Outcome<TResponse> outcome = await ServerCall.RunAsync(call, server, request, context.CancellationToken);
        if (outcome.Error is { } error)
        {
            throw GrpcErrors.ToException(error);
        }

        return map(outcome.Value!);
    }
}
