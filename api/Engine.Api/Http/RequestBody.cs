using System.Buffers;
using System.IO.Pipelines;
using Engine.Protocol;
using Engine.Server;
using Microsoft.AspNetCore.Http;

namespace Engine.Api.Http;

/// <summary>
/// Reads a unary request body without ever holding more than <see cref="RequestLimits.BodyLimit"/>
/// bytes (a larger Content-Length is refused before reading), then decodes it in place from the pipe's
/// buffers (no copy into an intermediate array).
/// </summary>
public static class RequestBody
{
    /// <summary>Reads, decodes and returns the request or the error to answer.</summary>
    public static async ValueTask<Outcome<T>> ReadAsync<T>(HttpContext context, ServerOptions options)
        where T : class, new()
    {
        long limit = RequestLimits.BodyLimit(options);
        if (context.Request.ContentLength is long declared && declared > limit)
        {
            return RequestLimits.ReceiveLimitExceeded(declared, options);
        }

        PipeReader body = context.Request.BodyReader;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await body.ReadAsync(context.RequestAborted);
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException)
            {
                return new EtcdError(GrpcCode.InvalidArgument, "malformed request body");
            }

            ReadOnlySequence<byte> buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                body.AdvanceTo(buffer.End);
                return RequestLimits.ReceiveLimitExceeded(buffer.Length, options);
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                Outcome<T> decoded = Json.GatewayInput.Decode<T>(buffer);
                body.AdvanceTo(buffer.End);
                return decoded;
            }

            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
