using Prometheus;

namespace Engine.Server.Observability;

/// <summary>
/// etcd's metrics, by etcd's names and meanings, so existing dashboards and alerts work. Counters move
/// where the event happens; gauges are read from the running member just before each scrape (O(1) each:
/// nothing is proportional to the key count). Exported by <c>/metrics</c> from prometheus-net's default
/// registry, which also carries the process_* metrics.
/// </summary>
public static class ServerMetrics
{
    private static readonly double[] DiskBuckets = Histogram.ExponentialBuckets(0.001, 2, 14);

    public static readonly Gauge HasLeader = Metrics.CreateGauge("etcd_server_has_leader", "Whether or not a leader exists. 1 is existence, 0 is not.");
    public static readonly Gauge IsLeader = Metrics.CreateGauge("etcd_server_is_leader", "Whether or not this member is a leader. 1 if is, 0 otherwise.");
    public static readonly Counter LeaderChanges = Metrics.CreateCounter("etcd_server_leader_changes_seen_total", "The number of leader changes seen.");
    public static readonly Gauge ProposalsCommitted = Metrics.CreateGauge("etcd_server_proposals_committed_total", "The total number of consensus proposals committed.");
    public static readonly Gauge ProposalsApplied = Metrics.CreateGauge("etcd_server_proposals_applied_total", "The total number of consensus proposals applied.");
    public static readonly Gauge ProposalsPending = Metrics.CreateGauge("etcd_server_proposals_pending", "The current number of pending proposals to commit.");
    public static readonly Counter ProposalsFailed = Metrics.CreateCounter("etcd_server_proposals_failed_total", "The total number of failed proposals seen.");
    public static readonly Gauge QuotaBackendBytes = Metrics.CreateGauge("etcd_server_quota_backend_bytes", "Current backend storage quota size in bytes.");

    public static readonly Histogram WalFsyncDuration = Metrics.CreateHistogram("etcd_disk_wal_fsync_duration_seconds",
        "The latency distributions of fsync called by WAL.", new HistogramConfiguration { Buckets = DiskBuckets });
    public static readonly Histogram BackendCommitDuration = Metrics.CreateHistogram("etcd_disk_backend_commit_duration_seconds",
        "The latency distributions of commit called by backend.", new HistogramConfiguration { Buckets = DiskBuckets });

    public static readonly Gauge DbTotalSize = Metrics.CreateGauge("etcd_mvcc_db_total_size_in_bytes", "Total size of the underlying database physically allocated in bytes.");
    public static readonly Gauge DbTotalSizeInUse = Metrics.CreateGauge("etcd_mvcc_db_total_size_in_use_in_bytes", "Total size of the underlying database logically in use in bytes.");
    public static readonly Gauge KeysTotal = Metrics.CreateGauge("etcd_debugging_mvcc_keys_total", "Total number of keys.");
    public static readonly Counter PutTotal = Metrics.CreateCounter("etcd_mvcc_put_total", "Total number of puts seen by this member.");
    public static readonly Counter DeleteTotal = Metrics.CreateCounter("etcd_mvcc_delete_total", "Total number of deletes seen by this member.");
    public static readonly Counter RangeTotal = Metrics.CreateCounter("etcd_mvcc_range_total", "Total number of ranges seen by this member.");
    public static readonly Counter TxnTotal = Metrics.CreateCounter("etcd_mvcc_txn_total", "Total number of txns seen by this member.");
    public static readonly Gauge WatcherTotal = Metrics.CreateGauge("etcd_debugging_mvcc_watcher_total", "Total number of watchers.");

    public static readonly Counter SnapshotSendSuccess = Metrics.CreateCounter("etcd_network_snapshot_send_success", "Total number of successful snapshot sends",
        new CounterConfiguration { LabelNames = ["To"] });
    public static readonly Counter SnapshotSendFailures = Metrics.CreateCounter("etcd_network_snapshot_send_failures", "Total number of snapshot send failures",
        new CounterConfiguration { LabelNames = ["To"] });
    public static readonly Counter SnapshotReceiveSuccess = Metrics.CreateCounter("etcd_network_snapshot_receive_success", "Total number of successful snapshot receives",
        new CounterConfiguration { LabelNames = ["From"] });
    public static readonly Counter SnapshotReceiveFailures = Metrics.CreateCounter("etcd_network_snapshot_receive_failures", "Total number of snapshot receive failures",
        new CounterConfiguration { LabelNames = ["From"] });
    public static readonly Counter SnapshotsInstalled = Metrics.CreateCounter("etcd_debugging_snap_install_total_num", "Total number of leader snapshots installed by this member.");

    public static readonly Gauge ServerVersion = Metrics.CreateGauge("etcd_server_version", "Which version is running. 1 for 'server_version' label with current version.",
        new GaugeConfiguration { LabelNames = ["server_version"] });
    public static readonly Gauge ClusterVersion = Metrics.CreateGauge("etcd_cluster_version", "Which version is running. 1 for 'cluster_version' label with current cluster version",
        new GaugeConfiguration { LabelNames = ["cluster_version"] });

    public static readonly Gauge KnownPeers = Metrics.CreateGauge("etcd_network_known_peers", "The current number of known peers.",
        new GaugeConfiguration { LabelNames = ["Local", "Remote"] });
}
