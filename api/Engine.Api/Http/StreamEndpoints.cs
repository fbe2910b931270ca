using System.Threading.Channels;
using Engine.Protocol;
using Engine.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Engine.Api.Http;

/// <summary>
/// The gateway's streaming RPCs: <c>/v3/watch</c> and <c>/v3/lease/keepalive</c> (request body = a stream
/// of JSON requests; its end is the client's CloseSend) and <c>/v3/maintenance/snapshot</c> (server
/// stream). Responses are newline-delimited <c>{"result":…}</c> lines flushed as they come.
/// </summary>
public static class StreamEndpoints
{
    public static async Task WatchAsync(HttpContext context, IEtcdServer server)
    {
        LiftBodyLimit(context);
        var output = new StreamResponseWriter(context);
        CancellationToken aborted = context.RequestAborted;
        IWatchStream stream;
        try
        {
            stream = server.OpenWatchStream();
        }
        catch (Exception failure)
        {
            await output.WriteErrorAsync(ServerCall.Classify(failure));
            return;
        }

        using var stopPump = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        Task pump = PumpWatchRequestsAsync(context, server, stream, stopPump.Token);
        try
        {
            ChannelReader<WatchResponse> responses = stream.Responses;
            while (await responses.WaitToReadAsync(aborted))
            {
                while (responses.TryRead(out WatchResponse? response))
                {
                    output.WriteResult(response);
                }

                await output.FlushAsync();
            }

            if (stream.Error is { } error)
            {
                await output.WriteErrorAsync(error);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            stopPump.Cancel();
            await pump;
            await stream.DisposeAsync();
        }
    }

    public static async Task KeepAliveAsync(HttpContext context, IEtcdServer server)
    {
        LiftBodyLimit(context);
        var output = new StreamResponseWriter(context);
        var requests = new JsonMessageReader<LeaseKeepAliveRequest>(context.Request.BodyReader, RequestLimits.BodyLimit(server.Options));
        CancellationToken aborted = context.RequestAborted;
        try
        {
            while (await requests.NextAsync(aborted) is { } request && !request.IsError)
            {
                Outcome<LeaseKeepAliveResponse> answer = await ServerCall.RunAsync(
                    static (s, r, t) => s.LeaseKeepAliveAsync(r, t), server, request.Value!, aborted);
                if (answer.Error is { } error)
                {
                    await output.WriteErrorAsync(error);
                    return;
                }

                output.WriteResult(answer.Value!);
                await output.FlushAsync();
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    public static async Task SnapshotAsync(HttpContext context, IEtcdServer server)
    {
        var output = new StreamResponseWriter(context);
        CancellationToken aborted = context.RequestAborted;
        Outcome<SnapshotRequest> request = await RequestBody.ReadAsync<SnapshotRequest>(context, server.Options);
        if (request.Error is { } invalid)
        {
            await GatewayErrors.WriteAsync(context, invalid);
            return;
        }

        Outcome<IDbSnapshot> opened = await ServerCall.RunAsync(static (s, _, t) => s.OpenSnapshotAsync(t), server, 0, aborted);
        if (opened.Error is { } error)
        {
            await output.WriteErrorAsync(error);
            return;
        }

        await using IDbSnapshot snapshot = opened.Value!;
        await using var chunks = new SnapshotChunkStream(
            async (message, _) =>
            {
                output.WriteResult(message);
                await output.FlushAsync();
            },
            snapshot.Size,
            snapshot.Header);
        try
        {
            await snapshot.WriteToAsync(chunks, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception failure)
        {
            await output.WriteErrorAsync(ServerCall.Classify(failure));
            return;
        }

        await chunks.CompleteAsync(aborted);
    }

    private static async Task PumpWatchRequestsAsync(HttpContext context, IEtcdServer server, IWatchStream stream, CancellationToken cancel)
    {
        var requests = new JsonMessageReader<WatchRequest>(context.Request.BodyReader, RequestLimits.BodyLimit(server.Options));
        try
        {
            while (await requests.NextAsync(cancel) is { } request && !request.IsError)
            {
                await stream.SubmitAsync(request.Value!, cancel);
            }
        }
        catch (OperationCanceledException)
        {
            // The response side ended or the client went away.
        }
        catch (IOException)
        {
            // The connection broke while reading (or a malformed chunked body): the end of the requests.
        }
    }

    private static void LiftBodyLimit(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = null;
        }
    }
}
