namespace Engine.Server;

/// <summary>
/// Everything `engine serve` can be told, named after etcd's flags. Defaults give one node on
/// 127.0.0.1:2379 (peers on 2380) with its data in ./default.engine.
/// </summary>
public sealed class ServerOptions
{
    public string Name { get; set; } = "default";

    public string DataDir { get; set; } = "default.engine";

    public string ListenClientUrls { get; set; } = "http://127.0.0.1:2379";

    public string AdvertiseClientUrls { get; set; } = "http://127.0.0.1:2379";

    public string ListenPeerUrls { get; set; } = "http://127.0.0.1:2380";

    public string InitialAdvertisePeerUrls { get; set; } = "http://127.0.0.1:2380";

    /// <summary>Empty means a single-member cluster of this node: <c>name=initial-advertise-peer-urls</c>.</summary>
    public string InitialCluster { get; set; } = "";

    public string InitialClusterState { get; set; } = "new";

    public string InitialClusterToken { get; set; } = "engine-cluster";

    /// <summary>
    /// --force-new-cluster (etcd's): restart an existing member as a one-member cluster with all its committed data,
    /// removing the other members through conf changes it commits itself. For recovering from a lost quorum.
    /// </summary>
    public bool ForceNewCluster { get; set; }

    public long SnapshotCount { get; set; } = 10_000;

    /// <summary>
    /// --experimental-snapshot-catchup-entries: raft log entries kept behind each snapshot for slow followers
    /// (etcd's SnapshotCatchUpEntries, 5000); a follower further behind catches up by snapshot transfer.
    /// </summary>
    public long SnapshotCatchUpEntries { get; set; } = 5000;

    public int HeartbeatIntervalMs { get; set; } = 100;

    public int ElectionTimeoutMs { get; set; } = 1000;

    public long QuotaBackendBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    public int MaxRequestBytes { get; set; } = 1536 * 1024;

    public int MaxTxnOps { get; set; } = 128;

    public string LogLevel { get; set; } = "info";

    /// <summary>Client-side TLS (<c>--cert-file</c>, <c>--key-file</c>, <c>--trusted-ca-file</c>, <c>--client-cert-auth</c>, <c>--auto-tls</c>).</summary>
    public Security.TlsSettings ClientTls { get; set; } = new();

    /// <summary>Peer-side TLS (the <c>--peer-</c> flags); used when the peer URLs are https.</summary>
    public Security.TlsSettings PeerTls { get; set; } = new();

    /// <summary>WAL segment size (not a flag: tests shrink it; production keeps 64 MiB).</summary>
    public long WalSegmentBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// In-process tests only (not a flag, not settable from the api): the server version this member acts as,
    /// as <c>ENGINE_TEST_SERVER_VERSION</c> does for a process. Null: the environment decides.
    /// </summary>
    internal string? TestServerVersion { get; set; }

    /// <summary>How often the version monitor runs (etcd's monitorVersionInterval, 4 s there; not a flag; 0 = never, tests only).</summary>
    internal int VersionMonitorIntervalMs { get; set; } = 1000;

    /// <summary>The initial cluster string, with the single-node default filled in.</summary>
    public string EffectiveInitialCluster =>
        string.IsNullOrEmpty(InitialCluster) ? $"{Name}={InitialAdvertisePeerUrls}" : InitialCluster;
}
