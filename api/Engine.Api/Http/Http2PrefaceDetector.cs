using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Engine.Api.Http;

/// <summary>
/// Lets one cleartext listener serve HTTP/1.1 (curl, the JSON gateway) and HTTP/2 prior knowledge (gRPC:
/// etcdctl, client libraries), as etcd's cmux does. Kestrel picks HTTP/1.1 on a cleartext endpoint that
/// allows both, because without TLS there is no ALPN; this connection middleware peeks at the first bytes
/// without consuming them and, when they are the HTTP/2 client preface, tells Kestrel the connection
/// negotiated <c>h2</c> (a TLS feature that carries no certificate; the request scheme stays http, which
/// needs <c>KestrelServerOptions.AllowAlternateSchemes</c>). It decides on the first byte that differs from
/// the preface, so short HTTP/1.0 requests are not held back.
/// </summary>
public static class Http2PrefaceDetector
{
    /// <summary>How long a new connection may stay silent before it is closed.</summary>
    public static readonly TimeSpan FirstBytesTimeout = TimeSpan.FromSeconds(30);

    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>The middleware for <c>ListenOptions.Use</c>.</summary>
    public static ConnectionDelegate Use(ConnectionDelegate next) => async connection =>
    {
        bool? isHttp2;
        try
        {
            isHttp2 = await PeekAsync(connection);
        }
        catch (OperationCanceledException)
        {
            return; // silent past the timeout, or closed: drop the connection
        }

        if (isHttp2 is null)
        {
            return;
        }

        if (isHttp2.Value)
        {
            connection.Features.Set<ITlsConnectionFeature>(NegotiatedH2.Instance);
            connection.Features.Set<ITlsApplicationProtocolFeature>(NegotiatedH2.Instance);
        }

        await next(connection);
    };

    /// <summary>True for the HTTP/2 preface, false for anything else, null when the client closed before a byte came.</summary>
    private static async Task<bool?> PeekAsync(ConnectionContext connection)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(FirstBytesTimeout);
        var input = connection.Transport.Input;
        while (true)
        {
            ReadResult read = await input.ReadAsync(timeout.Token);
            ReadOnlySequence<byte> buffer = read.Buffer;
            bool? verdict = Classify(buffer);
            if (verdict is not null || read.IsCompleted)
            {
                input.AdvanceTo(buffer.Start);
                return verdict ?? (buffer.IsEmpty ? null : false);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>True when the buffer starts with the whole preface, false at the first differing byte, null to wait for more.</summary>
    public static bool? Classify(ReadOnlySequence<byte> buffer)
    {
        int length = (int)Math.Min(buffer.Length, Preface.Length);
        Span<byte> head = stackalloc byte[Preface.Length];
        buffer.Slice(0, length).CopyTo(head);
        for (int i = 0; i < length; i++)
        {
            if (head[i] != Preface[i])
            {
                return false;
            }
        }

        return length == Preface.Length ? true : null;
    }

    /// <summary>What Kestrel reads to choose HTTP/2: an application protocol of <c>h2</c>; there is no client certificate.</summary>
    private sealed class NegotiatedH2 : ITlsConnectionFeature, ITlsApplicationProtocolFeature
    {
        public static readonly NegotiatedH2 Instance = new();

        public X509Certificate2? ClientCertificate
        {
            get => null;
            set { }
        }

        public ReadOnlyMemory<byte> ApplicationProtocol => "h2"u8.ToArray();

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);
    }
}
