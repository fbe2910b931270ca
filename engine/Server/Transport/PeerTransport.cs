using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Engine.Raft;
using Engine.Server.Raft;

namespace Engine.Server.Transport;

/// <summary>
/// The peer transport of one member: listens on its peer URL for other members' message streams, keeps
/// one outbound TCP stream per peer (<see cref="PeerConnection"/>), and hands raft's outgoing messages to
/// them without blocking (a full queue or a broken connection drops the message and reports the peer
/// unreachable). MsgSnap goes on its own connection together with the snapshot data. Wire format: PROTOCOL.md.
/// </summary>
public sealed partial class PeerTransport : IPeerSender, IDisposable
{
    private readonly PeerTransportOptions _options;
    private readonly ConcurrentDictionary<ulong, PeerConnection> _peers = new();
    private readonly ConcurrentDictionary<Socket, byte> _inbound = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly object _listenGate = new();
    private Socket? _listener;
    private Task? _accept;
    private int _disposed;
    private volatile bool _started;
    private bool _listenFailed;

    /// <summary>Binds the listening socket now unless <see cref="PeerTransportOptions.ListenOnFirstSend"/> defers it.</summary>
    public PeerTransport(PeerTransportOptions options)
    {
        _options = options;
        if (!options.ListenOnFirstSend)
        {
            Bind();
        }
    }

    /// <summary>Where this member listens (the actual port when the URL said 0); null while listening is deferred.</summary>
    public IPEndPoint? ListenEndpoint { get; private set; }

    /// <summary>Starts accepting peer connections (or, when deferred, allows listening once raft first sends).</summary>
    public void Start()
    {
        lock (_listenGate)
        {
            _started = true;
            if (_listener is not null)
            {
                _listener.Listen(64);
                _accept = Task.Run(AcceptLoopAsync);
            }
        }
    }

    /// <summary>Starts dialling <paramref name="peerId"/> now (raft's first messages to it then find a connection).</summary>
    public void Connect(ulong peerId)
    {
        if (peerId != _options.MemberId && peerId != 0 && Volatile.Read(ref _disposed) == 0 && !_options.IsRemoved(peerId))
        {
            _peers.GetOrAdd(peerId, id => new PeerConnection(id, _options));
        }
    }

    /// <summary>True while the outbound stream to <paramref name="peerId"/> is connected.</summary>
    public bool IsConnected(ulong peerId) => _peers.TryGetValue(peerId, out var peer) && peer.IsConnected;

    /// <summary>Queues raft's messages for their peers; never blocks.</summary>
    public void Send(IReadOnlyList<Message> messages)
    {
        if (messages.Count > 0 && _listener is null && _started)
        {
            ListenNow();
        }

        for (int i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.To == _options.MemberId || Volatile.Read(ref _disposed) != 0)
            {
                continue;
            }

            if (message.Type == MessageType.MsgSnap)
            {
                _ = Task.Run(() => SendSnapshotAsync(message));
                continue;
            }

            Connect(message.To);
            if (!_peers.TryGetValue(message.To, out var peer) || !peer.TrySend(message))
            {
                _options.ReportUnreachable(message.To);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        lock (_listenGate)
        {
            _listener?.Dispose();
        }

        foreach (var socket in _inbound.Keys)
        {
            socket.Dispose();
        }

        foreach (var peer in _peers.Values)
        {
            peer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        try
        {
            _accept?.GetAwaiter().GetResult();
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>A lone member gained a peer: bind and listen now (once; a failure is logged, not retried).</summary>
    private void ListenNow()
    {
        lock (_listenGate)
        {
            if (_listener is not null || _listenFailed || Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            try
            {
                Bind();
                _listener!.Listen(64);
                _accept = Task.Run(AcceptLoopAsync);
            }
            catch (SocketException error)
            {
                _listenFailed = true;
                _options.Log?.Invoke($"cannot listen on {_options.ListenUrl}: {error.Message}");
            }
        }
    }

    private void Bind()
    {
        var (host, port) = PeerSockets.EndpointOf(_options.ListenUrl);
        var address = host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed : IPAddress.Any;
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(address, port));
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        ListenEndpoint = (IPEndPoint)listener.LocalEndPoint!;
        _listener = listener;
    }

    private async Task AcceptLoopAsync()
    {
        var listener = _listener!;
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            socket.NoDelay = true;
            _inbound[socket] = 0;
            _ = Task.Run(() => ServeInboundAsync(socket));
        }
    }

    private async Task ServeInboundAsync(Socket socket)
    {
        try
        {
            await using var network = new NetworkStream(socket, ownsSocket: true);
            await using var stream = _options.Tls is null ? network : await PeerSockets.AcceptAsync(network, _options.Tls, _stop.Token).ConfigureAwait(false);
            var reader = PipeReader.Create(stream);
            var result = await reader.ReadAtLeastAsync(PeerHandshake.Size, _stop.Token).ConfigureAwait(false);
            if (result.Buffer.Length < PeerHandshake.Size)
            {
                return;
            }

            byte[] hello = new byte[PeerHandshake.Size];
            result.Buffer.Slice(0, PeerHandshake.Size).CopyTo(hello);
            reader.AdvanceTo(result.Buffer.GetPosition(PeerHandshake.Size));
            var status = PeerHandshake.TryRead(hello, out var kind, out ulong clusterId, out ulong from, out ulong to)
                ? PeerHandshake.Check(kind, clusterId, from, to, _options)
                : HandshakeStatus.Malformed;
            await stream.WriteAsync(new[] { (byte)status }, _stop.Token).ConfigureAwait(false);
            if (status != HandshakeStatus.Accepted)
            {
                _options.Log?.Invoke($"refused a peer connection from {from:x}: {status}");
                return;
            }

            if (kind == PeerStreamKind.Messages)
            {
                await ReceiveMessagesAsync(reader, from).ConfigureAwait(false);
            }
            else if (kind == PeerStreamKind.Members)
            {
                await MemberListExchange.WriteAsync(stream, _options.ClusterId, _options.Members?.Invoke() ?? [], _stop.Token).ConfigureAwait(false);
            }
            else if (kind == PeerStreamKind.Versions)
            {
                await PeerVersionExchange.WriteAsync(stream, _options.Versions?.Invoke(), _stop.Token).ConfigureAwait(false);
            }
            else
            {
                await ReceiveSnapshotAsync(reader, stream, from).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
        {
            if (!_stop.IsCancellationRequested)
            {
                _options.Log?.Invoke(error is PeerTlsException ? error.Message : $"peer stream closed: {error.Message}");
            }
        }
        finally
        {
            _inbound.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    private async Task ReceiveMessagesAsync(PipeReader reader, ulong from)
    {
        while (true)
        {
            var result = await reader.ReadAsync(_stop.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            while (MessageFrames.TryRead(ref buffer, out var message))
            {
                DeliverChecked(message!, from);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Only a peer's own raft messages, addressed to this member, reach raft (never local-only types).</summary>
    private void DeliverChecked(Message message, ulong from)
    {
        if (message.From != from || message.To != _options.MemberId || IsLocalOnly(message.Type))
        {
            throw new InvalidDataException($"peer {from:x} sent {message.Type} from {message.From:x} to {message.To:x}");
        }

        if (message.Type == MessageType.MsgSnap)
        {
            throw new InvalidDataException($"peer {from:x} sent MsgSnap on its message stream");
        }

        _options.Deliver(message);
    }

    private static bool IsLocalOnly(MessageType type) => type is MessageType.MsgHup or MessageType.MsgBeat
        or MessageType.MsgUnreachable or MessageType.MsgSnapStatus or MessageType.MsgCheckQuorum;
}
