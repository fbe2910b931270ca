using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Engine.Server.Security;

namespace Engine.Server.Transport;

/// <summary>
/// Dialling a peer URL (over TLS when the transport has peer TLS: never plaintext to an https:// URL) and the
/// client half of the handshake, shared by the message, snapshot and member-list streams.
/// </summary>
internal static class PeerSockets
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The bound of a TLS handshake, either side (Kestrel's default).</summary>
    public static readonly TimeSpan TlsHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A connected stream to <paramref name="url"/>: TLS with <paramref name="tls"/> (this member's peer certificate as
    /// the client certificate, the peer's checked) or plain TCP when the transport has none; an https:// URL without
    /// peer TLS is refused rather than dialled in plaintext.
    /// </summary>
    public static async Task<Stream> OpenAsync(string url, TlsEndpoint? tls, CancellationToken cancel)
    {
        if (tls is null && url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException($"peer URL {url} is https but this member has no peer TLS configured");
        }

        var socket = await ConnectAsync(url, cancel).ConfigureAwait(false);
        var network = new NetworkStream(socket, ownsSocket: true);
        if (tls is null)
        {
            return network;
        }

        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TlsHandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(tls.ClientOptions(EndpointOf(url).Host), timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception error)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            if (error is AuthenticationException)
            {
                throw new PeerTlsException($"TLS handshake with {url} failed: {error.Message}", error);
            }

            throw;
        }
    }

    /// <summary>The server half of the TLS handshake on an accepted connection.</summary>
    public static async Task<Stream> AcceptAsync(NetworkStream network, TlsEndpoint tls, CancellationToken cancel)
    {
        var remote = network.Socket.RemoteEndPoint;
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TlsHandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(tls.ServerOptions(), timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception error)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            if (error is AuthenticationException)
            {
                throw new PeerTlsException($"TLS handshake from {remote} refused: {error.Message}", error);
            }

            throw;
        }
    }

    /// <summary>host:port of a peer URL such as <c>http://127.0.0.1:2380</c>.</summary>
    public static (string Host, int Port) EndpointOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Port < 0)
        {
            throw new IOException($"invalid peer URL '{url}'");
        }

        return (uri.Host, uri.Port);
    }

    private static async Task<Socket> ConnectAsync(string url, CancellationToken cancel)
    {
        var (host, port) = EndpointOf(url);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            if (IPAddress.TryParse(host, out var address))
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends the handshake and waits for the answer; throws <see cref="PeerRefusedException"/> on a refusal.</summary>
    public static async Task HandshakeAsync(Stream stream, PeerStreamKind kind, PeerTransportOptions self, ulong peerId, CancellationToken cancel)
    {
        byte[] hello = new byte[PeerHandshake.Size];
        PeerHandshake.Write(hello, kind, self.ClusterId, self.MemberId, peerId);
        await stream.WriteAsync(hello, cancel).ConfigureAwait(false);
        byte[] answer = new byte[1];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(ConnectTimeout * 5);
        await stream.ReadExactlyAsync(answer, timeout.Token).ConfigureAwait(false);
        if ((HandshakeStatus)answer[0] != HandshakeStatus.Accepted)
        {
            throw new PeerRefusedException((HandshakeStatus)answer[0]);
        }
    }
}
