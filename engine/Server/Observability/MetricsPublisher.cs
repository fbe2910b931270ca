using Engine.Membership;
using Prometheus;

namespace Engine.Server.Observability;

/// <summary>Refreshes the gauges of <see cref="ServerMetrics"/> from the member being served, right before each scrape.</summary>
internal static class MetricsPublisher
{
    private static readonly HashSet<(string Local, string Remote)> Published = [];
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
        // etcd 3.6: one series per remote member this member knows, removed when the member is removed.
        string local = MemberIdentity.ToHex(stats.MemberId);
        var now = stats.Peers.Where(p => p != stats.MemberId).Select(p => (local, MemberIdentity.ToHex(p))).ToHashSet();
        lock (Published)
        {
            foreach (var gone in Published.Where(p => !now.Contains(p)).ToList())
            {
                ServerMetrics.KnownPeers.RemoveLabelled(gone.Local, gone.Remote);
                Published.Remove(gone);
            }

            foreach (var peer in now)
            {
                ServerMetrics.KnownPeers.WithLabels(peer.Item1, peer.Item2).Set(1);
                Published.Add(peer);
            }
        }
    }
}
