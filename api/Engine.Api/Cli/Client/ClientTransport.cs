namespace Engine.Api.Cli.Client;

/// <summary>How the client commands reach one endpoint: the HTTP client for the JSON gateway.</summary>
/// <remarks>
/// The one place that builds the client transport: TLS (<c>--cacert --cert --key --insecure-skip-tls-verify</c>,
/// carried in <see cref="TransportSettings"/>) is added here; until then an https endpoint or a TLS flag is
/// refused by <see cref="Check"/> instead of being silently ignored.
/// </remarks>
public static class ClientTransport
{
    /// <summary>An HTTP client for <paramref name="endpoint"/> (host:port or URL).</summary>
    public static HttpClient Create(string endpoint, TransportSettings settings)
    {
        string baseUrl = endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "http://" + endpoint;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = settings.DialTimeout > TimeSpan.Zero ? settings.DialTimeout : Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = settings.KeepAliveTimeout > TimeSpan.Zero ? settings.KeepAliveTimeout : TimeSpan.FromSeconds(6),
        };
        return new HttpClient(handler)
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = settings.CommandTimeout > TimeSpan.Zero ? settings.CommandTimeout : Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The first reason the settings cannot be served by this transport, or null.</summary>
    public static string? Check(IEnumerable<string> endpoints, TransportSettings settings)
    {
        if (endpoints.FirstOrDefault(e => e.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) is { } secure)
        {
            return $"endpoint {secure}: TLS is not supported by this client yet";
        }

        if (settings.CaCert.Length > 0 || settings.Cert.Length > 0 || settings.Key.Length > 0)
        {
            return "--cacert, --cert and --key: TLS is not supported by this client yet";
        }

        return null;
    }
}

/// <summary>The transport-related global flags of one client command.</summary>
public sealed record TransportSettings(
    TimeSpan DialTimeout,
    TimeSpan CommandTimeout,
    TimeSpan KeepAliveTime,
    TimeSpan KeepAliveTimeout,
    string CaCert,
    string Cert,
    string Key,
    bool InsecureSkipTlsVerify);
