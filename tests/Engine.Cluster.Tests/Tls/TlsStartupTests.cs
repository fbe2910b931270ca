using Engine.TestKit;
using Engine.TestKit.Processes;

namespace Engine.Cluster.Tests.Tls;

/// <summary>
/// Issue 20, fail closed: a scheme that does not match the certificates given is a start-up error with a clear message
/// and exit code 2 (etcd: "TLS key/cert ... must be provided for client url ... with HTTPS scheme"), never plaintext.
/// </summary>
public sealed class TlsStartupTests : IDisposable
{
    private readonly TempDir _dir = new("engine-tls-startup");
    private readonly TestPki _pki;
    private readonly (string Cert, string Key) _server;
    private readonly (string Cert, string Key) _other;

    public TlsStartupTests()
    {
        _pki = new TestPki(Path.Combine(_dir.Path, "pki"), "ca");
        _server = _pki.Issue("server", "server");
        _other = _pki.Issue("other", "other");
    }

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> Cases => new()
    {
        { "https-client-without-cert", "TLS key/cert (--cert-file, --key-file) must be provided for client url https://" },
        { "https-peer-without-cert", "TLS key/cert (--peer-cert-file, --peer-key-file) must be provided for peer url https://" },
        { "http-peer-next-to-https", "peer URLs mix http:// and https://" },
        { "https-peer-with-http-initial-cluster", "peer URLs mix http:// and https://" },
        { "missing-key-file", "cannot load the TLS certificate and key (--cert-file, --key-file" },
        { "mismatched-key", "the key does not match the certificate" },
        { "mismatched-peer-key", "cannot load the TLS certificate and key (--peer-cert-file, --peer-key-file" },
        { "cert-without-key", "--cert-file and --key-file must be given together" },
        { "unreadable-ca", "cannot read --trusted-ca-file" },
        { "min-above-max", "--tls-min-version TLS1.3 is greater than --tls-max-version TLS1.2" },
        { "ciphers-with-tls13-only", "cipher suites cannot be configured when only TLS1.3 is enabled" },
        { "unknown-cipher", "unknown cipher suite 'TLS_NOT_A_SUITE'" },
        { "allowed-cn-and-hostname", "--peer-cert-allowed-cn and --peer-cert-allowed-hostname are mutually exclusive" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_scheme_or_certificate_that_cannot_be_served_safely_exits_2_with_its_message(string name, string message)
    {
        int client = EngineServeProcess.FreePort();
        int peer = EngineServeProcess.FreePort();
        string https = $"https://127.0.0.1:{client}";
        string http = $"http://127.0.0.1:{client}";
        string peerHttps = $"https://127.0.0.1:{peer}";
        string peerHttp = $"http://127.0.0.1:{peer}";
        string missing = Path.Combine(_dir.Path, "no-such.key");
        string[] flags = name switch
        {
            "https-client-without-cert" => ["--listen-client-urls", https, "--listen-peer-urls", peerHttp, "--initial-advertise-peer-urls", peerHttp],
            "https-peer-without-cert" => ["--listen-client-urls", http, "--listen-peer-urls", peerHttps, "--initial-advertise-peer-urls", peerHttps],
            "http-peer-next-to-https" => ["--listen-client-urls", http, "--listen-peer-urls", peerHttps, "--initial-advertise-peer-urls", peerHttp,
                "--peer-cert-file", _server.Cert, "--peer-key-file", _server.Key],
            "https-peer-with-http-initial-cluster" => ["--listen-client-urls", http, "--listen-peer-urls", peerHttps, "--initial-advertise-peer-urls", peerHttps,
                "--initial-cluster", $"default={peerHttps},other=http://127.0.0.1:1", "--peer-cert-file", _server.Cert, "--peer-key-file", _server.Key],
            "missing-key-file" => ["--listen-client-urls", https, "--cert-file", _server.Cert, "--key-file", missing],
            "mismatched-key" => ["--listen-client-urls", https, "--cert-file", _server.Cert, "--key-file", _other.Key],
            "mismatched-peer-key" => ["--listen-client-urls", http, "--listen-peer-urls", peerHttps, "--initial-advertise-peer-urls", peerHttps,
                "--peer-cert-file", _server.Cert, "--peer-key-file", _other.Key],
            "cert-without-key" => ["--listen-client-urls", https, "--cert-file", _server.Cert],
            "unreadable-ca" => ["--listen-client-urls", https, "--cert-file", _server.Cert, "--key-file", _server.Key, "--trusted-ca-file", missing],
            "min-above-max" => ["--tls-min-version", "TLS1.3", "--tls-max-version", "TLS1.2"],
            "ciphers-with-tls13-only" => ["--tls-min-version", "TLS1.3", "--cipher-suites", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"],
            "unknown-cipher" => ["--cipher-suites", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_NOT_A_SUITE"],
            "allowed-cn-and-hostname" => ["--peer-cert-allowed-cn", "a", "--peer-cert-allowed-hostname", "b"],
            _ => throw new ArgumentException(name),
        };

        string dataDir = Path.Combine(_dir.Path, name);
        using var engine = EngineServeProcess.Start(["serve", "--data-dir", dataDir, .. DefaultsFor(flags, http, peerHttp), .. flags]);
        Assert.True(engine.WaitForExit(TimeSpan.FromSeconds(60)), $"{name}: engine kept running");
        string log;
        lock (engine.Log)
        {
            log = string.Join('\n', engine.Log);
        }

        Assert.Equal(2, engine.ExitCode);
        Assert.Contains(message, log);
        Assert.DoesNotContain("PRIVATE KEY", log);
        Assert.False(Directory.Exists(Path.Combine(dataDir, "member")), $"{name}: the member started before failing");
    }

    /// <summary>Loopback URLs for the flags a case leaves out, so no case touches the default ports.</summary>
    private static string[] DefaultsFor(string[] flags, string http, string peerHttp)
    {
        var extra = new List<string>();
        if (!flags.Contains("--listen-client-urls"))
        {
            extra.AddRange(["--listen-client-urls", http]);
        }

        if (!flags.Contains("--listen-peer-urls"))
        {
            extra.AddRange(["--listen-peer-urls", peerHttp, "--initial-advertise-peer-urls", peerHttp]);
        }

        return [.. extra];
    }
}
