using System.Net;
using System.Text;
using System.Text.Json;
using Engine.TestKit.Processes;

namespace Engine.Cluster.Tests;

/// <summary>One member of a local cluster: a real `engine serve` process (<see cref="EngineServeProcess"/>), killed by PID.</summary>
public sealed class ClusterMember : IDisposable
{
    private EngineServeProcess? _process;
    private List<string> _lastLog = [];

    public ClusterMember(string name, string dataDir, int clientPort, int peerPort)
    {
        Name = name;
        DataDir = dataDir;
        ClientPort = clientPort;
        PeerPort = peerPort;
        Client = new HttpClient { BaseAddress = new Uri(ClientUrl), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Name { get; }

    public string DataDir { get; }

    public int ClientPort { get; }

    public int PeerPort { get; }

    public string ClientUrl => $"http://127.0.0.1:{ClientPort}";

    /// <summary>http, or https for peer TLS (set before the cluster's first start).</summary>
    public string PeerScheme { get; set; } = "http";

    public string PeerUrl => $"{PeerScheme}://127.0.0.1:{PeerPort}";

    public HttpClient Client { get; }

    /// <summary>Environment variables the next <see cref="Start"/> passes to the process.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The stderr lines of the current (or last) process (diagnostics for failed assertions; lock it while reading).</summary>
    public List<string> Log => _process?.Log ?? _lastLog;

    public void Start(string initialCluster, string state, string token, params string[] extra)
    {
        string[] arguments =
        [
            "serve", "--name", Name, "--data-dir", DataDir, "--listen-client-urls", ClientUrl, "--advertise-client-urls", ClientUrl,
            "--listen-peer-urls", PeerUrl, "--initial-advertise-peer-urls", PeerUrl, "--initial-cluster", initialCluster,
            "--initial-cluster-state", state, "--initial-cluster-token", token, "--log-level", "warn",
        ];
        _process = EngineServeProcess.Start(arguments.Concat(extra), Environment);
    }

    /// <summary>SIGKILL: no shutdown path runs.</summary>
    public void Kill()
    {
        if (_process is not null)
        {
            _process.Dispose();
            _lastLog = _process.Log;
            _process = null;
        }
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json, CancellationToken cancel = default)
    {
        using var response = await Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), cancel);
        string text = await response.Content.ReadAsStringAsync(cancel);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Leader id this member reports, or 0 (also 0 when it does not answer).</summary>
    public async Task<ulong> LeaderAsync()
    {
        try
        {
            var (status, body) = await PostAsync("/v3/maintenance/status", "{}");
            return status == HttpStatusCode.OK && body.TryGetProperty("leader", out var leader) ? Json.UInt64(leader) : 0;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    public async Task<ulong> MemberIdAsync()
    {
        var (_, body) = await PostAsync("/v3/maintenance/status", "{}");
        return Json.UInt64(body.GetProperty("header").GetProperty("member_id"));
    }

    public void Dispose()
    {
        Kill();
        Client.Dispose();
    }
}
