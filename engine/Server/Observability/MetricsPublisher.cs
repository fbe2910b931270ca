using Engine.Membership.Versions;
using Prometheus;

namespace Engine.Server.Observability;

/// <summary>Refreshes the gauges of <see cref="ServerMetrics"/> from the member being served, right before each scrape.</summary>
internal static class MetricsPublisher
{
    private static readonly HashSet<string> PublishedClusterVersions = [];
    private static EngineServer? _current;
    private static int _registered;

    /// <summary>Makes <paramref name="server"/> the member whose state the gauges show (one per process; the last started wins).</summary>
    public static void Publish(EngineServer server)
    {
        Volatile.Write(ref _current, server);
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(Refresh);
        }
    }

    public static void Withdraw(EngineServer server) => Interlocked.CompareExchange(ref _current, null, server);

    private static void Refresh()
    {
        if (Volatile.Read(ref _current) is not { } server)
        {
            return;
        }

        var stats = server.CollectStats();
        ServerMetrics.HasLeader.Set(stats.Leader != 0 ? 1 : 0);
        ServerMetrics.IsLeader.Set(stats.Leader == stats.MemberId ? 1 : 0);
        ServerMetrics.ProposalsCommitted.Set(stats.Committed);
        ServerMetrics.ProposalsApplied.Set(stats.Applied);
        ServerMetrics.ProposalsPending.Set(stats.Pending);
        ServerMetrics.QuotaBackendBytes.Set(stats.QuotaBytes);
        ServerMetrics.DbTotalSize.Set(stats.DbSize);
        ServerMetrics.DbTotalSizeInUse.Set(stats.DbSizeInUse);
        ServerMetrics.KeysTotal.Set(stats.Keys);
        ServerMetrics.WatcherTotal.Set(stats.Watchers);
        PublishVersions(stats);

        // etcd 3.6 (#13412): one series per member, the local one included, at 1; a removed member's stays, at 0.
        foreach (var series in KnownPeers.Build(stats.MemberId, stats.Peers, stats.Removed))
        {
            ServerMetrics.KnownPeers.WithLabels(series.Local, series.Remote).Set(series.Value);
        }
    }

    /// <summary>etcd_server_version / etcd_cluster_version: 1 for the current label; a replaced cluster version's label goes to 0.</summary>
    private static void PublishVersions(ServerStats stats)
    {
        ServerMetrics.ServerVersion.WithLabels(stats.ServerVersion).Set(1);
        lock (PublishedClusterVersions)
        {
            foreach (string old in PublishedClusterVersions.Where(v => v != stats.ClusterVersion))
            {
                ServerMetrics.ClusterVersion.WithLabels(old).Set(0);
            }

            if (stats.ClusterVersion is { } current)
            {
                ServerMetrics.ClusterVersion.WithLabels(current).Set(1);
                PublishedClusterVersions.Add(current);
            }
        }
    }
}
