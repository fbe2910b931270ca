using System.Net;
using System.Net.Sockets;

namespace Engine.Server.Transport;

/// <summary>Dialling a peer URL and the client half of the handshake, shared by the message and snapshot streams.</summary>
internal static class PeerSockets
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    /// <summary>host:port of a peer URL such as <c>http://127.0.0.1:2380</c>.</summary>
    public static (string Host, int Port) EndpointOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Port < 0)
        {
            throw new IOException($"invalid peer URL '{url}'");
        }

        return (uri.Host, uri.Port);
    }

    public static async Task<Socket> ConnectAsync(string url, CancellationToken cancel)
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
