using Engine.Common.Errors;
using Engine.Protocol;
using Engine.Server;

namespace Engine.Api.Http;

/// <summary>
/// Calls the server and turns an unexpected exception into an etcd error without its text: a latched
/// engine (<see cref="EngineFatalException"/>) answers <c>etcdserver: server stopped</c>, anything else
/// a generic internal error. Client disconnects propagate as cancellation.
/// </summary>
public static class ServerCall
{
    /// <summary>The error answered for an unexpected exception (its text stays in the server log).</summary>
    public static readonly EtcdError InternalError = new(GrpcCode.Internal, "etcdserver: internal error");

    public static async ValueTask<Outcome<TResponse>> RunAsync<TRequest, TResponse>(
        Func<IEtcdServer, TRequest, CancellationToken, ValueTask<Outcome<TResponse>>> call,
        IEtcdServer server,
        TRequest request,
        CancellationToken cancel)
        where TResponse : class
    {
        try
        {
            return await call(server, request, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error)
        {
            return Classify(error);
        }
    }

    /// <summary>The etcd error reported for an exception thrown by the server.</summary>
    public static EtcdError Classify(Exception error) =>
        error is EngineFatalException ? EtcdErrors.Stopped : InternalError;
}
