using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Engine.Api.Cli.Client;

/// <summary>How the client commands reach one endpoint: the HTTP client for the JSON gateway.</summary>
/// <remarks>
/// The one place that builds the client transport, with etcdctl's TLS rules (<c>--cacert --cert --key
/// --insecure-skip-tls-verify</c>, carried in <see cref="TransportSettings"/>): an <c>https://</c> endpoint uses TLS
/// (the system's roots without <c>--cacert</c>), an endpoint without a scheme uses TLS when <c>--cacert</c>,
/// <c>--cert</c> or <c>--key</c> is given, an <c>http://</c> endpoint stays plaintext. With <c>--cacert</c> the server
/// must chain to that bundle alone; <c>--insecure-skip-tls-verify</c> accepts any server certificate.
/// </remarks>
public static class ClientTransport
{
    /// <summary>An HTTP client for <paramref name="endpoint"/> (host:port or URL); the settings passed <see cref="Check"/>.</summary>
    public static HttpClient Create(string endpoint, TransportSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = settings.DialTimeout > TimeSpan.Zero ? settings.DialTimeout : Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = settings.KeepAliveTimeout > TimeSpan.Zero ? settings.KeepAliveTimeout : TimeSpan.FromSeconds(6),
        };
        ConfigureTls(handler.SslOptions, settings);
        return new HttpClient(handler)
        {
            BaseAddress = new Uri(BaseUrl(endpoint, settings)),
            Timeout = settings.CommandTimeout > TimeSpan.Zero ? settings.CommandTimeout : Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The URL of <paramref name="endpoint"/>: its own scheme, else https when a TLS file flag is given.</summary>
    public static string BaseUrl(string endpoint, TransportSettings settings) =>
        endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : (WantsTls(settings) ? "https://" : "http://") + endpoint;

    /// <summary>The first reason the settings cannot be used (a TLS file missing, unreadable or mismatched), or null.</summary>
    public static string? Check(IEnumerable<string> endpoints, TransportSettings settings)
    {
        if ((settings.Cert.Length > 0) != (settings.Key.Length > 0))
        {
            return "--cert and --key must be given together";
        }

        try
        {
            _ = Roots(settings);
            _ = Identity(settings);
            return null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return $"cannot load the TLS files (--cacert '{settings.CaCert}', --cert '{settings.Cert}', --key '{settings.Key}'): "
                + (error is FileNotFoundException or DirectoryNotFoundException ? "file not found" : error is ArgumentException { ParamName: "privateKey" } ? "the key does not match the certificate" : error.Message);
        }
    }

    private static bool WantsTls(TransportSettings settings) => settings.CaCert.Length > 0 || settings.Cert.Length > 0 || settings.Key.Length > 0;

    private static void ConfigureTls(SslClientAuthenticationOptions ssl, TransportSettings settings)
    {
        if (Identity(settings) is { } identity)
        {
            ssl.ClientCertificates = [identity];
        }

        if (settings.InsecureSkipTlsVerify)
        {
            ssl.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (Roots(settings) is { } roots)
        {
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(roots, certificate, errors);
        }
    }

    private static X509Certificate2Collection? Roots(TransportSettings settings)
    {
        if (settings.CaCert.Length == 0)
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(settings.CaCert);
        return roots.Count > 0 ? roots : throw new CryptographicException($"{settings.CaCert} holds no PEM certificate");
    }

    private static X509Certificate2? Identity(TransportSettings settings) =>
        settings.Cert.Length > 0 && settings.Key.Length > 0 ? X509Certificate2.CreateFromPemFile(settings.Cert, settings.Key) : null;

    /// <summary>The server certificate chains to <paramref name="roots"/> alone and names the dialled host.</summary>
    private static bool TrustedBy(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 leaf || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        return chain.Build(leaf);
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
