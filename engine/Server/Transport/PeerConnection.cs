using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Engine.Raft;

namespace Engine.Server.Transport;

/// <summary>
/// The outbound message stream to one peer: a bounded queue the raft loop fills without ever blocking,
/// drained by one task that keeps a TCP connection open (dial, handshake, redial with backoff) and writes
/// frames through a <see cref="PipeWriter"/>, flushing once per burst.
/// </summary>
internal sealed class PeerConnection : IAsyncDisposable
{
    private readonly ulong _peerId;
    private readonly PeerTransportOptions _options;
    private readonly Channel<Message> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private volatile bool _connected;
    private bool _handshaken;

    public PeerConnection(ulong peerId, PeerTransportOptions options)
    {
        _peerId = peerId;
        _options = options;
        _queue = Channel.CreateBounded<Message>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _run = Task.Run(RunAsync);
    }

    public ulong PeerId => _peerId;

    /// <summary>True while a handshaken connection is open.</summary>
    public bool IsConnected => _connected;

    /// <summary>Queues a message; false (dropped) when not connected or the queue is full.</summary>
    public bool TrySend(Message message) => _connected && _queue.Writer.TryWrite(message);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _queue.Writer.TryComplete();
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var backoff = _options.InitialBackoff;
        while (!_stop.IsCancellationRequested)
        {
            if (_options.IsRemoved(_peerId))
            {
                return;
            }

            _handshaken = false;
            try
            {
                await ConnectAndPumpAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or SocketException or InvalidDataException or OperationCanceledException or PeerRefusedException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                if (error is PeerRefusedException or PeerTlsException)
                {
                    _options.Log?.Invoke($"peer {_peerId:x} refused the connection: {error.Message}");
                }
            }
            finally
            {
                _connected = false;
                DropQueued();
            }

            backoff = _handshaken ? _options.InitialBackoff : backoff;
            await Task.Delay(backoff, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    /// <summary>One connection's life: dial, handshake, then write queued messages until it breaks.</summary>
    private async Task ConnectAndPumpAsync()
    {
        string url = _options.ResolvePeerUrl(_peerId) ?? throw new IOException($"no address known for peer {_peerId:x}");
        await using var stream = await PeerSockets.OpenAsync(url, _options.Tls, _stop.Token).ConfigureAwait(false);
        await PeerSockets.HandshakeAsync(stream, PeerStreamKind.Messages, _options, _peerId, _stop.Token).ConfigureAwait(false);

        using var lost = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var watch = WatchForCloseAsync(stream, lost);
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        _handshaken = true;
        _connected = true;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(lost.Token).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var message))
                {
                    MessageFrames.Write(writer, message);
                    if (writer.UnflushedBytes > 256 * 1024)
                    {
                        await writer.FlushAsync(lost.Token).ConfigureAwait(false);
                    }
                }

                await writer.FlushAsync(lost.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            _connected = false;
            lost.Cancel();
            await stream.DisposeAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }
    }

    /// <summary>The listener never writes after its handshake answer: any read completing means the connection is gone.</summary>
    private static async Task WatchForCloseAsync(Stream stream, CancellationTokenSource lost)
    {
        byte[] one = new byte[1];
        try
        {
            await stream.ReadAsync(one, lost.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        try
        {
            lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void DropQueued()
    {
        bool dropped = false;
        while (_queue.Reader.TryRead(out var message))
        {
            dropped = true;
            if (message.Type == MessageType.MsgSnap)
            {
                _options.ReportSnapshot(_peerId, SnapshotStatus.Failure);
            }
        }

        if (dropped)
        {
            _options.ReportUnreachable(_peerId);
        }
    }
}
