using System.Net;
using Engine.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Engine.Api.Http;

/// <summary>
/// Kestrel's listeners for <c>--listen-client-urls</c>: every <c>http://IP:port</c> (or localhost) serves
/// HTTP/1.1 and cleartext HTTP/2 on the same port (<see cref="Http2PrefaceDetector"/>), so curl and gRPC
/// clients share 127.0.0.1:2379 as with etcd. HTTP/2 limits follow etcd's gRPC server: no practical cap on
/// concurrent streams per connection (clientv3 multiplexes every call and watch on one connection).
/// </summary>
public static class ClientListeners
{
    public static void Configure(KestrelServerOptions kestrel, ServerOptions options)
    {
        kestrel.AddServerHeader = false;
        kestrel.AllowAlternateSchemes = true;
        kestrel.Limits.Http2.MaxStreamsPerConnection = int.MaxValue;
        var https = Tls.ClientTls.For(options);
        foreach (string url in options.ListenClientUrls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Listen(kestrel, url, https);
        }
    }

    /// <summary>An http:// URL serves cleartext HTTP/1.1 + h2c; an https:// URL serves TLS with ALPN h2 / http/1.1 (<see cref="Tls.ClientTls"/>).</summary>
    private static void Listen(KestrelServerOptions kestrel, string url, HttpsConnectionAdapterOptions? https)
    {
        bool secure = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.IsDefaultPort && !url.Contains(secure ? ":443" : ":80", StringComparison.Ordinal))
        {
            throw new ArgumentException($"invalid client URL '{url}': expected http://IP:port or https://IP:port");
        }

        Action<ListenOptions> configure = secure
            ? listen => listen.UseHttps(https ?? throw new ArgumentException($"client URL '{url}' is https but no TLS certificate is configured"))
            : ConfigureCleartext;
        string host = uri.Host.Trim('[', ']');
        if (host == "localhost")
        {
            kestrel.ListenLocalhost(uri.Port, configure);
        }
        else if (IPAddress.TryParse(host, out IPAddress? address))
        {
            kestrel.Listen(address, uri.Port, configure);
        }
        else
        {
            throw new ArgumentException($"invalid client URL '{url}': expected an IP address or localhost to bind to");
        }
    }

    private static void ConfigureCleartext(ListenOptions listen)
    {
        // Http1AndHttp2 is the default; setting it explicitly would log Kestrel's misleading "HTTP/2 is not enabled" warning.
        listen.Use(Http2PrefaceDetector.Use);
    }
}
