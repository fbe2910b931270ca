using System.CommandLine;
using Engine.Api.Http;
using Engine.Server;
using Engine.Server.Bootstrap;
using Engine.Server.Security;

namespace Engine.Api.Cli;

/// <summary>`engine serve`: runs a member with etcd-named flags (each also settable as ENGINE_*).</summary>
public static class ServeCommand
{
    /// <summary>Exit code when the member refuses to start on its data dir or cluster (e.g. a server version below the cluster version).</summary>
    public const int StartRefusedExitCode = 1;

    public static Command Build()
    {
        var defaults = new ServerOptions();
        var name = EnvOption.String("--name", defaults.Name, "Human-readable name for this member.");
        var dataDir = EnvOption.String("--data-dir", defaults.DataDir, "Path to the data directory.");
        var listenClient = EnvOption.String("--listen-client-urls", defaults.ListenClientUrls, "URLs to listen on for client traffic.");
        var advertiseClient = EnvOption.String("--advertise-client-urls", defaults.AdvertiseClientUrls, "Client URLs advertised to the cluster.");
        var listenPeer = EnvOption.String("--listen-peer-urls", defaults.ListenPeerUrls, "URLs to listen on for peer traffic.");
        var advertisePeer = EnvOption.String("--initial-advertise-peer-urls", defaults.InitialAdvertisePeerUrls, "Peer URLs advertised to the cluster.");
        var initialCluster = EnvOption.String("--initial-cluster", "", "Initial cluster configuration (name=peer-url,...); empty means this member alone.");
        var clusterState = EnvOption.String("--initial-cluster-state", defaults.InitialClusterState, "Initial cluster state: new or existing.");
        var clusterToken = EnvOption.String("--initial-cluster-token", defaults.InitialClusterToken, "Initial cluster token for the bootstrap.");
        // A flag only, no ENGINE_* variable: a forgotten variable would force every later restart.
        var forceNewCluster = new Option<bool>("--force-new-cluster")
        {
            Description = "Restart this member as a one-member cluster with its data (after losing quorum); the others are removed.",
        };
        var snapshotCount = EnvOption.Int64("--snapshot-count", defaults.SnapshotCount, "Applied entries between two snapshots.");
        var catchUpEntries = EnvOption.Int64("--experimental-snapshot-catchup-entries", defaults.SnapshotCatchUpEntries,
            "Raft log entries kept behind a snapshot for slow followers; a follower further behind gets a snapshot.");
        var heartbeat = EnvOption.Int64("--heartbeat-interval", defaults.HeartbeatIntervalMs, "Time (ms) of a heartbeat interval.");
        var election = EnvOption.Int64("--election-timeout", defaults.ElectionTimeoutMs, "Time (ms) for an election to time out.");
        var quota = EnvOption.Int64("--quota-backend-bytes", defaults.QuotaBackendBytes, "Raise an alarm when the backend size exceeds this quota.");
        var maxRequest = EnvOption.Int64("--max-request-bytes", defaults.MaxRequestBytes, "Maximum client request size in bytes.");
        var maxTxnOps = EnvOption.Int64("--max-txn-ops", defaults.MaxTxnOps, "Maximum number of operations per txn branch.");
        var logLevel = EnvOption.String("--log-level", defaults.LogLevel, "Log level: debug, info, warn, error.");

        var command = new Command("serve", "Run an Engine member (etcd-compatible v3 JSON API).")
        {
            name, dataDir, listenClient, advertiseClient, listenPeer, advertisePeer, initialCluster, clusterState,
            clusterToken, forceNewCluster, snapshotCount, catchUpEntries, heartbeat, election, quota, maxRequest, maxTxnOps, logLevel,
        };
        var tls = new Tls.TlsFlags();
        tls.AddTo(command);

        command.SetAction(async (parse, cancel) =>
        {
            var options = new ServerOptions
            {
                Name = parse.GetValue(name)!,
                DataDir = parse.GetValue(dataDir)!,
                ListenClientUrls = parse.GetValue(listenClient)!,
                AdvertiseClientUrls = parse.GetValue(advertiseClient)!,
                ListenPeerUrls = parse.GetValue(listenPeer)!,
                InitialAdvertisePeerUrls = parse.GetValue(advertisePeer)!,
                InitialCluster = parse.GetValue(initialCluster)!,
                InitialClusterState = parse.GetValue(clusterState)!,
                InitialClusterToken = parse.GetValue(clusterToken)!,
                ForceNewCluster = parse.GetValue(forceNewCluster),
                SnapshotCount = parse.GetValue(snapshotCount),
                SnapshotCatchUpEntries = parse.GetValue(catchUpEntries),
                HeartbeatIntervalMs = (int)parse.GetValue(heartbeat),
                ElectionTimeoutMs = (int)parse.GetValue(election),
                QuotaBackendBytes = parse.GetValue(quota),
                MaxRequestBytes = (int)parse.GetValue(maxRequest),
                MaxTxnOps = (int)parse.GetValue(maxTxnOps),
                LogLevel = parse.GetValue(logLevel)!,
            };
            tls.Apply(parse, options);
            if ((Validate(options) ?? TlsStartup.Prepare(options, Warn)) is string error)
            {
                Console.Error.WriteLine($"engine: {error} (see 'engine serve --help')");
                return EngineCli.UsageErrorExitCode;
            }

            StartupTrace.Mark("options parsed");
            EngineServer server;
            try
            {
                server = EngineServer.Start(options);
            }
            catch (ServerStartRefusedException refused)
            {
                Console.Error.WriteLine($"engine: {refused.Message}");
                return StartRefusedExitCode;
            }

            using var _ = server;
            StartupTrace.Mark("server started (raft loop running)");
            await using var app = ClientApp.Build(options, server);
            StartupTrace.Mark("HTTP app built");
            await app.StartAsync(cancel);
            StartupTrace.Mark("HTTP listening");
            using var trimmer = new IdleMemoryTrimmer();
            await app.WaitForShutdownAsync(cancel);
            return 0;
        });
        return command;
    }

    private static void Warn(string text) => Tls.TlsLog.Write("warn", text);

    /// <summary>The first problem with <paramref name="options"/>, or null when they are usable.</summary>
    public static string? Validate(ServerOptions options)
    {
        foreach ((string flag, string urls) in new[]
        {
            ("--listen-client-urls", options.ListenClientUrls), ("--advertise-client-urls", options.AdvertiseClientUrls),
            ("--listen-peer-urls", options.ListenPeerUrls), ("--initial-advertise-peer-urls", options.InitialAdvertisePeerUrls),
        })
        {
            foreach (string url in urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed) || parsed.Scheme is not ("http" or "https" or "unix" or "unixs") || (parsed.Scheme.StartsWith("http", StringComparison.Ordinal) && parsed.IsDefaultPort && !url.Contains(":" + parsed.Port, StringComparison.Ordinal)))
                {
                    return $"invalid {flag} '{url}': expected scheme://host:port";
                }
            }
        }

        if (options.InitialClusterState is not ("new" or "existing"))
        {
            return $"invalid --initial-cluster-state '{options.InitialClusterState}': expected new or existing";
        }

        if (options.ForceNewCluster && options.InitialClusterState == "existing")
        {
            return "--force-new-cluster cannot be used with --initial-cluster-state existing: it restarts a member that has its data as a new one-member cluster";
        }

        if (options.LogLevel is not ("debug" or "info" or "warn" or "error"))
        {
            return $"invalid --log-level '{options.LogLevel}': expected debug, info, warn or error";
        }

        if (options.HeartbeatIntervalMs <= 0 || options.ElectionTimeoutMs < 5 * options.HeartbeatIntervalMs)
        {
            return "--election-timeout must be at least 5 times --heartbeat-interval, and both positive";
        }

        if (options.MaxRequestBytes <= 0 || options.MaxTxnOps <= 0 || options.SnapshotCount <= 0 || options.SnapshotCatchUpEntries <= 0)
        {
            return "--max-request-bytes, --max-txn-ops, --snapshot-count and --experimental-snapshot-catchup-entries must be positive";
        }

        return TlsStartup.Check(options);
    }
}
