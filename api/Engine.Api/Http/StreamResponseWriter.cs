using Engine.Api.Json;
using Engine.Protocol;
using Microsoft.AspNetCore.Http;

namespace Engine.Api.Http;

/// <summary>
/// Writes a gateway response stream: newline-delimited <c>{"result":…}</c> lines, and at most one
/// <c>{"error":{…}}</c> line. As grpc-gateway v1, the status line goes out with the first message:
/// 200 for a result, the error's HTTP status when the stream fails before any result.
/// </summary>
public sealed class StreamResponseWriter(HttpContext context)
{
    private bool _started;

    /// <summary>Queues one result line (call <see cref="FlushAsync"/> to send).</summary>
    public void WriteResult<T>(T message)
    {
        Start(StatusCodes.Status200OK);
        GatewayJson.WriteStreamResult(context.Response.BodyWriter, message);
    }

    /// <summary>Writes the error line and flushes.</summary>
    public async Task WriteErrorAsync(EtcdError error)
    {
        Start(GatewayErrors.HttpStatus(error.Code));
        GatewayErrors.WriteStreamError(context.Response.BodyWriter, error);
        await FlushAsync();
    }

    /// <summary>Sends what was queued.</summary>
    public async Task FlushAsync()
    {
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private void Start(int status)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
    }
}
