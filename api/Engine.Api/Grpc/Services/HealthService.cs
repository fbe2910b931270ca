using Engine.Api.Grpc.Health;
using Grpc.Core;

namespace Engine.Api.Grpc.Services;

/// <summary>
/// grpc.health.v1.Health as etcd 3.4/3.5 registers it: the overall service "" is SERVING once the member
/// serves clients and never changes; any other service name is NotFound <c>unknown service</c>.
/// </summary>
public sealed class HealthService : Health.Health.HealthBase
{
    private static readonly HealthCheckResponse Serving = new() { Status = HealthCheckResponse.Types.ServingStatus.Serving };

    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
        request.Service.Length == 0
            ? Task.FromResult(Serving)
            : throw new RpcException(new Status(StatusCode.NotFound, "unknown service"));

    /// <summary>Sends the current status, then holds the stream open until the client leaves (the status never changes).</summary>
    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        var status = request.Service.Length == 0
            ? Serving
            : new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.ServiceUnknown };
        await responseStream.WriteAsync(status, context.CancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }
}
