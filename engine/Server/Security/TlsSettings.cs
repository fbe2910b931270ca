namespace Engine.Server.Security;

/// <summary>
/// The TLS flags of one side of a member, named after etcd's: the client side (<c>--cert-file</c>,
/// <c>--key-file</c>, <c>--trusted-ca-file</c>, <c>--client-cert-auth</c>, <c>--auto-tls</c>) or the peer side
/// (the same with <c>--peer-</c>, plus <c>--peer-cert-allowed-cn</c>/<c>--peer-cert-allowed-hostname</c>);
/// <c>--tls-min-version</c>, <c>--tls-max-version</c> and <c>--cipher-suites</c> apply to both.
/// </summary>
public sealed class TlsSettings
{
    public string CertFile { get; set; } = "";

    public string KeyFile { get; set; } = "";

    /// <summary>CA bundle that client (or peer) certificates must chain to; setting it alone requires them, as in etcd.</summary>
    public string TrustedCaFile { get; set; } = "";

    public bool ClientCertAuth { get; set; }

    /// <summary>Generate a self-signed certificate under the data dir when no cert/key files are given.</summary>
    public bool AutoTls { get; set; }

    /// <summary>Peer side only: the remote certificate's CN must equal this.</summary>
    public string AllowedCn { get; set; } = "";

    /// <summary>Peer side only: the remote certificate must be valid for this host name (SAN DNS name or IP).</summary>
    public string AllowedHostname { get; set; } = "";

    /// <summary>TLS1.2 or TLS1.3.</summary>
    public string MinVersion { get; set; } = "TLS1.2";

    /// <summary>Empty (the highest supported, TLS 1.3), TLS1.2 or TLS1.3.</summary>
    public string MaxVersion { get; set; } = "";

    /// <summary>Comma-separated IANA/Go cipher suite names for TLS 1.2; empty keeps the platform's defaults.</summary>
    public string CipherSuites { get; set; } = "";

    /// <summary>
    /// Set when <see cref="AutoTls"/> generated the certificate: like etcd's self-signed TLS info, outgoing peer dials
    /// then accept any server certificate (there is no CA to check it against); the connection is still encrypted.
    /// </summary>
    public bool SelfSigned { get; set; }

    public bool HasCertificate => CertFile.Length > 0 && KeyFile.Length > 0;

    /// <summary>etcd: <c>RequireAndVerifyClientCert</c> when a trusted CA is set or client-cert-auth is on.</summary>
    public bool RequiresClientCertificate => ClientCertAuth || TrustedCaFile.Length > 0;
}
