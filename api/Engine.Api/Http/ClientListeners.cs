using System.Net;
using Engine.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;

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
        foreach (string url in options.ListenClientUrls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Listen(kestrel, url);
        }
    }

    private static void Listen(KestrelServerOptions kestrel, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttp || uri.IsDefaultPort && !url.Contains(":80", StringComparison.Ordinal))
        {
            throw new ArgumentException($"invalid client URL '{url}': expected http://IP:port (https needs TLS, not configured)");
        }

        string host = uri.Host.Trim('[', ']');
        if (host == "localhost")
        {
            kestrel.ListenLocalhost(uri.Port, ConfigureCleartext);
        }
        else if (IPAddress.TryParse(host, out IPAddress? address))
        {
            kestrel.Listen(address, uri.Port, ConfigureCleartext);
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
