using System.Buffers;
using Engine.Api.Json;
using Engine.Protocol;
using Microsoft.AspNetCore.Http;

namespace Engine.Api.Http;

/// <summary>
/// The one place an <see cref="EtcdError"/> becomes HTTP, as etcd 3.4/3.5's gateway (grpc-gateway v1)
/// writes it: status from the gRPC code, body <c>{"error":msg,"code":n,"message":msg}</c> for unary
/// calls and <c>{"error":{"grpc_code","http_code","message","http_status"}}</c> inside a stream.
/// </summary>
public static class GatewayErrors
{
    /// <summary>grpc-gateway v1's HTTPStatusFromCode (FailedPrecondition is 412, as etcd 3.4 answers).</summary>
    public static int HttpStatus(GrpcCode code) => code switch
    {
        GrpcCode.Ok => StatusCodes.Status200OK,
        GrpcCode.Canceled => StatusCodes.Status408RequestTimeout,
        GrpcCode.InvalidArgument => StatusCodes.Status400BadRequest,
        GrpcCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        GrpcCode.NotFound => StatusCodes.Status404NotFound,
        GrpcCode.AlreadyExists => StatusCodes.Status409Conflict,
        GrpcCode.PermissionDenied => StatusCodes.Status403Forbidden,
        GrpcCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        GrpcCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        GrpcCode.FailedPrecondition => StatusCodes.Status412PreconditionFailed,
        GrpcCode.Aborted => StatusCodes.Status409Conflict,
        GrpcCode.OutOfRange => StatusCodes.Status400BadRequest,
        GrpcCode.Unimplemented => StatusCodes.Status501NotImplemented,
        GrpcCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Go's http.StatusText for the statuses <see cref="HttpStatus"/> produces.</summary>
    public static string StatusText(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        412 => "Precondition Failed",
        429 => "Too Many Requests",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Internal Server Error",
    };

    /// <summary>Writes a unary error response (status + JSON body); the response must not have started.</summary>
    public static Task WriteAsync(HttpContext context, EtcdError error)
    {
        context.Response.StatusCode = HttpStatus(error.Code);
        context.Response.ContentType = "application/json";
        GatewayJson.Write(context.Response.BodyWriter, UnaryBody(error));
        return context.Response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }

    /// <summary>The unary error body for <paramref name="error"/>.</summary>
    public static GatewayErrorBody UnaryBody(EtcdError error) =>
        new() { Error = error.Message, Code = (int)error.Code, Message = error.Message };

    /// <summary>Writes one mid-stream error line (with its trailing newline).</summary>
    public static void WriteStreamError(IBufferWriter<byte> output, EtcdError error)
    {
        int status = HttpStatus(error.Code);
        var envelope = new StreamErrorEnvelope
        {
            Error = new StreamError { GrpcCode = (int)error.Code, HttpCode = status, Message = error.Message, HttpStatus = StatusText(status) },
        };
        GatewayJson.Write(output, envelope);
        output.Write("\n"u8);
    }

    /// <summary>Writes a plain-text answer as Go's http.Error does (<c>Not Found</c>, <c>Method Not Allowed</c>).</summary>
    public static Task WriteTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }
}
