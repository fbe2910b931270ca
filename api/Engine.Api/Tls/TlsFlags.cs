using System.CommandLine;
using Engine.Api.Cli;
using Engine.Server;
using Engine.Server.Security;

namespace Engine.Api.Tls;

/// <summary>
/// etcd's TLS flags of <c>engine serve</c> (each also an <c>ENGINE_*</c> variable): the client side, the peer side
/// and the protocol versions and cipher suites both share; <see cref="Apply"/> copies them into <see cref="ServerOptions"/>.
/// </summary>
public sealed class TlsFlags
{
    private readonly Option<string> _certFile = EnvOption.String("--cert-file", "", "Path to the client server TLS cert file.");
    private readonly Option<string> _keyFile = EnvOption.String("--key-file", "", "Path to the client server TLS key file.");
    private readonly Option<string> _trustedCa = EnvOption.String("--trusted-ca-file", "", "Path to the client server TLS trusted CA cert file (requires client certificates).");
    private readonly Option<bool> _clientCertAuth = EnvOption.Bool("--client-cert-auth", "Enable client cert authentication.");
    private readonly Option<bool> _autoTls = EnvOption.Bool("--auto-tls", "Client TLS using generated certificates.");
    private readonly Option<string> _peerCertFile = EnvOption.String("--peer-cert-file", "", "Path to the peer server TLS cert file.");
    private readonly Option<string> _peerKeyFile = EnvOption.String("--peer-key-file", "", "Path to the peer server TLS key file.");
    private readonly Option<string> _peerTrustedCa = EnvOption.String("--peer-trusted-ca-file", "", "Path to the peer server TLS trusted CA file (requires peer client certificates).");
    private readonly Option<bool> _peerClientCertAuth = EnvOption.Bool("--peer-client-cert-auth", "Enable peer client cert authentication.");
    private readonly Option<bool> _peerAutoTls = EnvOption.Bool("--peer-auto-tls", "Peer TLS using self-generated certificates.");
    private readonly Option<string> _peerAllowedCn = EnvOption.String("--peer-cert-allowed-cn", "", "Allowed CN for inter-peer authentication.");
    private readonly Option<string> _peerAllowedHostname = EnvOption.String("--peer-cert-allowed-hostname", "", "Allowed TLS hostname for inter-peer authentication.");
    private readonly Option<string> _minVersion = EnvOption.String("--tls-min-version", "TLS1.2", "Minimum TLS version supported: TLS1.2 or TLS1.3.");
    private readonly Option<string> _maxVersion = EnvOption.String("--tls-max-version", "", "Maximum TLS version supported: TLS1.2 or TLS1.3 (default: the highest).");
    private readonly Option<string> _cipherSuites = EnvOption.String("--cipher-suites", "", "Comma-separated list of supported TLS 1.2 cipher suites between client/server and peers (empty: defaults).");

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[]
        {
            _certFile, _keyFile, _trustedCa, _clientCertAuth, _autoTls, _peerCertFile, _peerKeyFile, _peerTrustedCa,
            _peerClientCertAuth, _peerAutoTls, _peerAllowedCn, _peerAllowedHostname, _minVersion, _maxVersion, _cipherSuites,
        })
        {
            command.Options.Add(option);
        }
    }

    public void Apply(ParseResult parse, ServerOptions options)
    {
        options.ClientTls = new TlsSettings
        {
            CertFile = parse.GetValue(_certFile)!,
            KeyFile = parse.GetValue(_keyFile)!,
            TrustedCaFile = parse.GetValue(_trustedCa)!,
            ClientCertAuth = parse.GetValue(_clientCertAuth),
            AutoTls = parse.GetValue(_autoTls),
        };
        options.PeerTls = new TlsSettings
        {
            CertFile = parse.GetValue(_peerCertFile)!,
            KeyFile = parse.GetValue(_peerKeyFile)!,
            TrustedCaFile = parse.GetValue(_peerTrustedCa)!,
            ClientCertAuth = parse.GetValue(_peerClientCertAuth),
            AutoTls = parse.GetValue(_peerAutoTls),
            AllowedCn = parse.GetValue(_peerAllowedCn)!,
            AllowedHostname = parse.GetValue(_peerAllowedHostname)!,
        };
        foreach (var side in new[] { options.ClientTls, options.PeerTls })
        {
            side.MinVersion = parse.GetValue(_minVersion)!;
            side.MaxVersion = parse.GetValue(_maxVersion)!;
            side.CipherSuites = parse.GetValue(_cipherSuites)!;
        }
    }
}
