using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Engine.Server.Security;

/// <summary>
/// One side's TLS, ready to use: the reloading certificate, the trusted CA, the protocol versions and cipher
/// suites, and the checks a remote certificate must pass. The client side hands it to Kestrel, the peer
/// transport builds the <see cref="SslStream"/> options of every connection from it (both directions).
/// </summary>
public sealed class TlsEndpoint
{
    private readonly TrustedCa? _ca;

    private TlsEndpoint(TlsSettings settings, CertificateFiles certificate, TrustedCa? ca)
    {
        Settings = settings;
        Certificate = certificate;
        _ca = ca;
        Protocols = TlsProtocolPolicy.Protocols(settings);
        Ciphers = TlsProtocolPolicy.Ciphers(settings);
    }

    public TlsSettings Settings { get; }

    public CertificateFiles Certificate { get; }

    public SslProtocols Protocols { get; }

    /// <summary>Null: the platform's default suites.</summary>
    public CipherSuitesPolicy? Ciphers { get; }

    /// <summary>
    /// Loads <paramref name="settings"/> (<paramref name="prefix"/> is "" for the client side, "peer-" for the peer side,
    /// used in messages); throws <see cref="TlsConfigurationException"/> when a file or flag is unusable.
    /// </summary>
    public static TlsEndpoint Create(TlsSettings settings, string prefix, Action<string>? log = null)
    {
        if (!settings.HasCertificate)
        {
            throw new TlsConfigurationException($"TLS key/cert (--{prefix}cert-file, --{prefix}key-file) must be provided (or --{prefix}auto-tls)");
        }

        if (TlsProtocolPolicy.Validate(settings) is string error)
        {
            throw new TlsConfigurationException(error);
        }

        var certificate = CertificateFiles.Load(settings.CertFile, settings.KeyFile, $"--{prefix}cert-file, --{prefix}key-file", log);
        var ca = settings.TrustedCaFile.Length > 0 ? TrustedCa.Load(settings.TrustedCaFile, $"--{prefix}trusted-ca-file") : null;
        return new TlsEndpoint(settings, certificate, ca);
    }

    /// <summary>Options for accepting one connection: the current certificate, client certificates when required, ALPN.</summary>
    public SslServerAuthenticationOptions ServerOptions(List<SslApplicationProtocol>? protocols = null) => new()
    {
        ServerCertificateContext = Certificate.Context,
        ClientCertificateRequired = Settings.RequiresClientCertificate,
        RemoteCertificateValidationCallback = (_, certificate, chain, errors) => AcceptsClient(certificate, chain, errors),
        EnabledSslProtocols = Protocols,
        CipherSuitesPolicy = Ciphers,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        ApplicationProtocols = protocols,
    };

    /// <summary>Options for dialling <paramref name="targetHost"/>: this side's certificate as the client certificate.</summary>
    public SslClientAuthenticationOptions ClientOptions(string targetHost) => new()
    {
        TargetHost = targetHost,
        ClientCertificateContext = Certificate.Context,
        RemoteCertificateValidationCallback = (_, certificate, chain, errors) => AcceptsServer(certificate, chain, errors),
        EnabledSslProtocols = Protocols,
        CipherSuitesPolicy = Ciphers,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    /// <summary>
    /// A client certificate on an accepting connection: required (and then chained to the trusted CA) when
    /// <see cref="TlsSettings.RequiresClientCertificate"/>; the allowed CN / host name rules apply to it.
    /// </summary>
    public bool AcceptsClient(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (!Settings.RequiresClientCertificate)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        bool trusted = _ca is not null ? _ca.Verifies(leaf, chain, TrustedCa.ClientAuth) : (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        return trusted && MatchesAllowedIdentity(leaf);
    }

    /// <summary>
    /// The server certificate of a dialled peer: chained to the trusted CA (or the system's roots without one) and
    /// valid for the dialled host; a self-signed (auto-tls) side skips verification as etcd does. The allowed CN /
    /// host name rules apply in every case.
    /// </summary>
    public bool AcceptsServer(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        bool trusted = Settings.SelfSigned
            || (_ca is not null
                ? (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && _ca.Verifies(leaf, chain, TrustedCa.ServerAuth)
                : errors == SslPolicyErrors.None);
        return trusted && MatchesAllowedIdentity(leaf);
    }

    /// <summary>etcd's <c>--peer-cert-allowed-cn</c> (CN equals) and <c>--peer-cert-allowed-hostname</c> (SAN matches).</summary>
    private bool MatchesAllowedIdentity(X509Certificate2 leaf)
    {
        if (Settings.AllowedCn.Length > 0 && TrustedCa.CommonName(leaf) != Settings.AllowedCn)
        {
            return false;
        }

        return Settings.AllowedHostname.Length == 0 || leaf.MatchesHostname(Settings.AllowedHostname, allowWildcards: true, allowCommonName: false);
    }
}
