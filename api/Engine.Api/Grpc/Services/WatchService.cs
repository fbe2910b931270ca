using System.Threading.Channels;
using Engine.Api.Grpc.Mapping;
using Engine.Api.Http;
using Engine.Protocol;
using Engine.Server;
using Grpc.Core;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Api.Grpc.Services;

/// <summary>
/// etcdserverpb.Watch: one bidirectional stream carrying many watchers. Client messages (create, cancel,
/// progress) are submitted to the server's watch stream as they arrive; its responses (created, events,
/// fragments, progress, canceled) are written in order, batched into one flush when several are ready.
/// The client's CloseSend does not end the stream (etcd keeps sending events); cancellation does.
/// </summary>
public sealed class WatchService(IEtcdServer server) : Wire.Watch.WatchBase
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    public override async Task Watch(
        IAsyncStreamReader<Wire.WatchRequest> requestStream,
        IServerStreamWriter<Wire.WatchResponse> responseStream,
        ServerCallContext context)
    {
        CancellationToken aborted = context.CancellationToken;
        IWatchStream stream;
        try
        {
            stream = server.OpenWatchStream();
        }
        catch (Exception failure)
        {
            throw GrpcErrors.ToException(ServerCall.Classify(failure));
        }

        using var stopPump = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        Task pump = PumpRequestsAsync(requestStream, stream, stopPump.Token);
        try
        {
            await WriteResponsesAsync(stream.Responses, responseStream, aborted);
            if (stream.Error is { } error)
            {
                throw GrpcErrors.ToException(error);
            }
        }
        finally
        {
            stopPump.Cancel();
            await pump;
            await stream.DisposeAsync();
        }
    }

    private static async Task WriteResponsesAsync(ChannelReader<WatchResponse> responses, IServerStreamWriter<Wire.WatchResponse> output, CancellationToken cancel)
    {
        while (await responses.WaitToReadAsync(cancel))
        {
            responses.TryRead(out WatchResponse? next);
            while (next is not null)
            {
                responses.TryRead(out WatchResponse? after);
                output.WriteOptions = after is null ? null : Buffered;
                await output.WriteAsync(WatchMapping.ToProto(next), cancel);
                next = after;
            }
        }
    }

    private static async Task PumpRequestsAsync(IAsyncStreamReader<Wire.WatchRequest> requests, IWatchStream stream, CancellationToken cancel)
    {
        try
        {
            while (await requests.MoveNext(cancel))
            {
                await stream.SubmitAsync(WatchMapping.ToEngine(requests.Current), cancel);
            }
        }
        catch (OperationCanceledException)
        {
            // The response side ended or the client went away.
        }
        catch (IOException)
        {
            // The connection broke while reading: the end of the requests.
        }
    }
}
