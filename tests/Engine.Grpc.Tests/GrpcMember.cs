using Engine.TestKit.Processes;
using Grpc.Core;
using Grpc.Net.Client;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Grpc.Tests;

/// <summary>
/// A real <c>engine serve</c> process on free loopback ports, with a gRPC channel (cleartext HTTP/2, prior
/// knowledge) and an HTTP/1.1 client on the same client port, and a typed stub per etcd service.
/// </summary>
public sealed class GrpcMember : IDisposable
{
    private readonly EngineServeProcess _process;
    private readonly string _dataDir;

    private GrpcMember(EngineServeProcess process, string dataDir, int clientPort)
    {
        _process = process;
        _dataDir = dataDir;
        ClientUrl = $"http://127.0.0.1:{clientPort}";
        Http = new HttpClient { BaseAddress = new Uri(ClientUrl), Timeout = TimeSpan.FromSeconds(10) };
        Channel = GrpcChannel.ForAddress(ClientUrl, new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });
        Kv = new Wire.KV.KVClient(Channel);
        Watch = new Wire.Watch.WatchClient(Channel);
        Lease = new Wire.Lease.LeaseClient(Channel);
        Cluster = new Wire.Cluster.ClusterClient(Channel);
        Maintenance = new Wire.Maintenance.MaintenanceClient(Channel);
    }

    public string ClientUrl { get; }

    public HttpClient Http { get; }

    public GrpcChannel Channel { get; }

    public Wire.KV.KVClient Kv { get; }

    public Wire.Watch.WatchClient Watch { get; }

    public Wire.Lease.LeaseClient Lease { get; }

    public Wire.Cluster.ClusterClient Cluster { get; }

    public Wire.Maintenance.MaintenanceClient Maintenance { get; }

    /// <summary>A call deadline generous enough for a loaded 2-core machine.</summary>
    public static DateTime Deadline => DateTime.UtcNow.AddSeconds(20);

    /// <summary>Starts a single member and waits until <c>/health</c> answers 200 (unless <paramref name="waitHealthy"/> is false).</summary>
    public static GrpcMember Start(IEnumerable<string>? extra = null, string? initialCluster = null, bool waitHealthy = true)
    {
        int clientPort = EngineServeProcess.FreePort();
        int peerPort = EngineServeProcess.FreePort();
        string dataDir = Path.Combine(Path.GetTempPath(), "engine-grpc-" + Guid.NewGuid().ToString("N"));
        string peerUrl = $"http://127.0.0.1:{peerPort}";
        string[] arguments =
        [
            "serve", "--name", "a", "--data-dir", dataDir,
            "--listen-client-urls", $"http://127.0.0.1:{clientPort}", "--advertise-client-urls", $"http://127.0.0.1:{clientPort}",
            "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
            "--initial-cluster", initialCluster?.Replace("{peer}", peerUrl) ?? $"a={peerUrl}", "--log-level", "warn",
        ];
        var member = new GrpcMember(EngineServeProcess.Start(arguments.Concat(extra ?? [])), dataDir, clientPort);
        if (waitHealthy)
        {
            member._process.WaitHealthy(member.Http, TimeSpan.FromSeconds(60));
        }

        return member;
    }

    /// <summary>Waits until the client port accepts HTTP (any status), for members that never become healthy.</summary>
    public void WaitListening(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = Http.GetAsync("/version").GetAwaiter().GetResult();
                return;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException("engine did not listen");
    }

    /// <summary>Metadata etcd's clientv3 sends with WithRequireLeader.</summary>
    public static Metadata RequireLeader => new() { { "hasleader", "true" } };

    public void Dispose()
    {
        Channel.Dispose();
        Http.Dispose();
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One member shared by the tests of a class (each test uses its own key prefix).</summary>
public sealed class GrpcMemberFixture : IDisposable
{
    public GrpcMember Member { get; } = GrpcMember.Start(["--max-request-bytes", "65536"]);

    public void Dispose() => Member.Dispose();
}
