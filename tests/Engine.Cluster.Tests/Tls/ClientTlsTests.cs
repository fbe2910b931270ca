using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Engine.TestKit;
using Engine.TestKit.Processes;

namespace Engine.Cluster.Tests.Tls;

/// <summary>
/// Issue 20, client TLS (etcd's --cert-file/--key-file/--trusted-ca-file/--client-cert-auth/--auto-tls): a real member
/// on an https:// client URL, certificates made in the test.
/// </summary>
public sealed class ClientTlsTests : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new("engine-tls");
    private readonly TestPki _pki;
    private readonly int _port = EngineServeProcess.FreePort();

    public ClientTlsTests() => _pki = new TestPki(Path.Combine(_dir.Path, "pki"), "ca");

    private string Url => $"https://127.0.0.1:{_port}";

    public void Dispose() => _dir.Dispose();

    /// <summary>A member serving clients on https://127.0.0.1:port with the given TLS flags.</summary>
    private EngineServeProcess StartMember(params string[] tlsFlags)
    {
        string peer = $"http://127.0.0.1:{EngineServeProcess.FreePort()}";
        string[] arguments =
        [
            "serve", "--data-dir", Path.Combine(_dir.Path, "data"), "--listen-client-urls", Url, "--advertise-client-urls", Url,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--log-level", "warn", .. tlsFlags,
        ];
        return EngineServeProcess.Start(arguments);
    }

    private static async Task<HttpStatusCode> PutAsync(HttpClient client, string key, string value)
    {
        using var response = await client.PostAsync("/v3/kv/put", new StringContent(Json.Put(key, value), Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    [Fact]
    public async Task An_https_member_serves_a_client_trusting_its_CA_over_http1_and_h2_and_plaintext_to_that_port_fails()
    {
        var server = _pki.Issue("server", "server");
        using var member = StartMember("--cert-file", server.Cert, "--key-file", server.Key);
        using var client = _pki.Client(Url);
        member.WaitHealthy(client, Startup);

        Assert.Equal(HttpStatusCode.OK, await PutAsync(client, "k", "v"));
        using var range = await client.PostAsync("/v3/kv/range", new StringContent(Json.Get("k"), Encoding.UTF8, "application/json"));
        Assert.Contains(Json.B64("v"), await range.Content.ReadAsStringAsync());

        // ALPN offers h2 (etcd serves the gateway over h2 and HTTP/1.1 on its TLS port).
        using var h2 = new HttpRequestMessage(HttpMethod.Get, "/version") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var h2Response = await client.SendAsync(h2);
        Assert.Equal(HttpVersion.Version20, h2Response.Version);
        Assert.Equal(HttpStatusCode.OK, h2Response.StatusCode);

        // Plaintext to the TLS port gets no answer (etcd: cmux hands it to TLS, the handshake fails).
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync("/health"));

        // A client trusting another CA refuses the server (x509: certificate signed by unknown authority).
        var other = new TestPki(Path.Combine(_dir.Path, "other"), "other-ca");
        using var stranger = other.Client(Url);
        await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync("/health"));
    }

    [Fact]
    public async Task With_client_cert_auth_a_client_without_a_certificate_or_with_another_CA_s_is_refused_and_a_CA_signed_one_is_served()
    {
        var server = _pki.Issue("server", "server");
        var alice = _pki.Issue("alice", "alice", server: false);
        var other = new TestPki(Path.Combine(_dir.Path, "other"), "other-ca");
        var mallory = other.Issue("mallory", "mallory", server: false);
        using var member = StartMember("--cert-file", server.Cert, "--key-file", server.Key, "--trusted-ca-file", _pki.CaFile, "--client-cert-auth");
        using var withCert = _pki.Client(Url, alice);
        member.WaitHealthy(withCert, Startup);
        Assert.Equal(HttpStatusCode.OK, await PutAsync(withCert, "k", "v"));

        using var noCert = _pki.Client(Url);
        await Assert.ThrowsAsync<HttpRequestException>(() => PutAsync(noCert, "k", "x"));
        using var wrongCa = _pki.Client(Url, mallory);
        await Assert.ThrowsAsync<HttpRequestException>(() => PutAsync(wrongCa, "k", "x"));
    }

    [Fact]
    public void The_engine_client_commands_work_over_TLS_with_cacert_cert_and_key_and_fail_without_the_CA()
    {
        var server = _pki.Issue("server", "server");
        var client = _pki.Issue("client", "client", server: false);
        using var member = StartMember("--cert-file", server.Cert, "--key-file", server.Key, "--client-cert-auth", "--trusted-ca-file", _pki.CaFile);
        using (var http = _pki.Client(Url, client))
        {
            member.WaitHealthy(http, Startup);
        }

        string endpoint = $"127.0.0.1:{_port}";
        string[] tls = ["--endpoints", endpoint, "--cacert", _pki.CaFile, "--cert", client.Cert, "--key", client.Key];
        var put = Cli(["put", "greeting", "hello", .. tls]);
        Assert.True(put.Code == 0, put.Err);
        Assert.Equal("OK", put.Out.Trim());
        var get = Cli(["get", "greeting", .. tls]);
        Assert.Equal(["greeting", "hello"], get.Out.Trim().Split('\n'));
        var explicitScheme = Cli(["get", "greeting", "--endpoints", $"https://{endpoint}", "--cacert", _pki.CaFile, "--cert", client.Cert, "--key", client.Key]);
        Assert.Equal(0, explicitScheme.Code);

        // Without the client certificate the member refuses; without --cacert the server is not trusted.
        var noCert = Cli(["get", "greeting", "--endpoints", endpoint, "--cacert", _pki.CaFile]);
        Assert.NotEqual(0, noCert.Code);
        var noCa = Cli(["get", "greeting", "--endpoints", $"https://{endpoint}", "--cert", client.Cert, "--key", client.Key]);
        Assert.NotEqual(0, noCa.Code);
        Assert.Contains("TLS", noCa.Err);
    }

    [Fact]
    public async Task Etcdctl_speaks_gRPC_over_h2_with_mutual_TLS_on_the_port_that_serves_the_JSON_gateway()
    {
        // etcd serves gRPC and the gateway on one TLS port (ALPN h2; gRPC by content-type). etcdctl 3.4.23 is grpc-go.
        var server = _pki.Issue("server", "server");
        var client = _pki.Issue("client", "client", server: false);
        using var member = StartMember("--cert-file", server.Cert, "--key-file", server.Key, "--client-cert-auth", "--trusted-ca-file", _pki.CaFile);
        using var http = _pki.Client(Url, client);
        member.WaitHealthy(http, Startup);

        string[] tls = ["--endpoints", Url, "--cacert", _pki.CaFile, "--cert", client.Cert, "--key", client.Key, "--command-timeout", "30s", "--dial-timeout", "20s"];
        var put = Run("etcdctl", ["put", "over-grpc", "tls", .. tls]);
        Assert.True(put.Code == 0, $"etcdctl put: {put.Err}");
        var get = Run("etcdctl", ["get", "over-grpc", .. tls]);
        Assert.Equal(["over-grpc", "tls"], get.Out.Trim().Split('\n'));

        // The same key through the gateway on the same port.
        using var range = await http.PostAsync("/v3/kv/range", new StringContent(Json.Get("over-grpc"), Encoding.UTF8, "application/json"));
        Assert.Contains(Json.B64("tls"), await range.Content.ReadAsStringAsync());

        // Without a client certificate etcdctl cannot reach it (the handshake fails; etcdctl reports a deadline).
        var refused = Run("etcdctl", ["get", "over-grpc", "--endpoints", Url, "--cacert", _pki.CaFile, "--command-timeout", "3s", "--dial-timeout", "2s"]);
        Assert.NotEqual(0, refused.Code);
    }

    [Fact]
    public async Task A_certificate_rotated_on_disk_is_served_to_the_next_new_connection_without_a_restart()
    {
        // etcd re-reads --cert-file/--key-file on every handshake (GetCertificate), so a renewed certificate takes effect at once.
        var first = _pki.Issue("first", "first");
        string certFile = Path.Combine(_dir.Path, "server.crt");
        string keyFile = Path.Combine(_dir.Path, "server.key");
        File.Copy(first.Cert, certFile);
        File.Copy(first.Key, keyFile);
        using var member = StartMember("--cert-file", certFile, "--key-file", keyFile);
        using (var client = _pki.Client(Url))
        {
            member.WaitHealthy(client, Startup);
        }

        Assert.Equal("CN=first", await ServedSubjectAsync());

        var second = _pki.Issue("second", "second");
        File.WriteAllText(keyFile, File.ReadAllText(second.Key));
        File.WriteAllText(certFile, File.ReadAllText(second.Cert));
        var clock = Stopwatch.StartNew();
        string served = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(20) && served != "CN=second")
        {
            served = await ServedSubjectAsync();
        }

        Assert.Equal("CN=second", served);
        Assert.False(member.HasExited);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Auto_tls_serves_a_generated_self_signed_certificate_whose_files_are_private()
    {
        using var member = StartMember("--auto-tls");
        X509Certificate2? served = null;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            served = certificate as X509Certificate2;
            return true;
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(10) };
        member.WaitHealthy(client, Startup);

        // etcd's SelfCert: <data-dir>/fixtures/client/{cert,key}.pem, subject O=etcd, the listen host as SAN.
        string fixtures = Path.Combine(_dir.Path, "data", "fixtures", "client");
        Assert.Equal("O=etcd", served!.Subject);
        Assert.True(served.MatchesHostname("127.0.0.1"));
        Assert.Equal(served.Thumbprint, X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(fixtures, "cert.pem"))).Thumbprint);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(fixtures, "key.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(fixtures));
        Assert.Equal(HttpStatusCode.OK, await PutAsync(client, "k", "v"));
    }

    private async Task<string> ServedSubjectAsync()
    {
        string subject = "";
        using var client = _pki.Client(Url, onServerCertificate: leaf => subject = leaf.Subject);
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return subject;
    }

    internal static (int Code, string Out, string Err) Cli(string[] args) => Run("dotnet", [EngineServeProcess.EngineDll, .. args]);

    internal static (int Code, string Out, string Err) Run(string program, string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ETCDCTL_API"] = "3";
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
