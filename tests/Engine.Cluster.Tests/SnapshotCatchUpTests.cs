using System.Globalization;
using System.Net;

namespace Engine.Cluster.Tests;

/// <summary>
/// Issue 12 acceptance: a follower stopped long enough that the leader compacted its raft log past it catches up
/// by snapshot transfer (etcd: the leader sends its db with a merged MsgSnap, the follower installs it), then serves
/// the keys written while it was down and agrees on hashkv with the leader.
/// </summary>
public sealed class SnapshotCatchUpTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(15);

    /// <summary>A snapshot every 20 entries keeping only 5 behind it: a follower down for a few writes falls behind the log.</summary>
    private static readonly string[] SnapshottingFlags = ["--snapshot-count", "20", "--experimental-snapshot-catchup-entries", "5"];

    private static async Task<ClusterMember> StartSnapshottingAsync(LocalCluster cluster)
    {
        cluster.StartAll(SnapshottingFlags);
        return await cluster.WaitForLeaderAsync(Startup);
    }

    [Fact]
    public async Task A_follower_behind_the_leader_s_compacted_log_catches_up_by_snapshot_and_matches_the_leader_s_hashkv()
    {
        using var cluster = new LocalCluster();
        var leader = await StartSnapshottingAsync(cluster);
        await LocalCluster.PutAsync(leader, "before", "0", TimeSpan.FromSeconds(10));
        var follower = cluster.Members.First(m => m != leader);
        follower.Kill();

        long revision = 0;
        for (int i = 0; i < 120; i++)
        {
            revision = await LocalCluster.PutAsync(leader, $"while-down/{i:d3}", new string('v', 200), TimeSpan.FromSeconds(10));
        }

        follower.Start(cluster.InitialCluster, "new", cluster.Token, SnapshottingFlags);
        var hashes = await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(20));
        Assert.Equal(3, hashes.Count);
        Assert.Single(hashes.Distinct());

        var (status, body) = await follower.PostAsync("/v3/kv/range", Json.Prefix("while-down/"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(120, Json.Int64(body.GetProperty("count")));

        // It caught up by snapshot, not by log entries: it received and installed one (etcd's metric names).
        string metrics = await follower.Client.GetStringAsync("/metrics");
        Assert.True(Sum(metrics, "etcd_network_snapshot_receive_success") >= 1, $"no snapshot received: {cluster.Diagnostics()}");
        Assert.True(Sum(metrics, "etcd_debugging_snap_install_total_num") >= 1, $"no snapshot installed: {cluster.Diagnostics()}");
        string leaderMetrics = await leader.Client.GetStringAsync("/metrics");
        Assert.True(Sum(leaderMetrics, "etcd_network_snapshot_send_success") >= 1, "the leader reports no snapshot sent");

        // It goes on applying entries after the snapshot: a write through it reaches every member.
        revision = await LocalCluster.PutAsync(follower, "after-catch-up", "1", TimeSpan.FromSeconds(10));
        hashes = await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(10));
        Assert.Single(hashes.Distinct());
    }

    [Fact]
    public async Task A_watch_open_across_the_snapshot_install_ends_with_an_error_line_and_a_new_watch_sees_later_writes()
    {
        using var cluster = new LocalCluster();
        var leader = await StartSnapshottingAsync(cluster);
        var follower = cluster.Members.First(m => m != leader);
        var other = cluster.Members.First(m => m != leader && m != follower);
        follower.Kill();
        long revision = 0;
        for (int i = 0; i < 60; i++)
        {
            revision = await LocalCluster.PutAsync(leader, $"while-down/{i:d3}", "v", TimeSpan.FromSeconds(10));
        }

        // Alone, the follower cannot reach a leader: its watch is surely created before the snapshot arrives.
        leader.Kill();
        other.Kill();
        follower.Start(cluster.InitialCluster, "new", cluster.Token, SnapshottingFlags);
        await using var before = await WatchStream.OpenAsync(follower, "while-down/", Startup);
        Assert.Contains("\"created\":true", await before.NextAsync(TimeSpan.FromSeconds(5)));

        other.Start(cluster.InitialCluster, "new", cluster.Token, SnapshottingFlags);
        await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(20));
        string? ended = await before.NextAsync(TimeSpan.FromSeconds(10));
        Assert.True(ended is not null && ended.Contains("installed a snapshot from the leader", StringComparison.Ordinal), $"watch line: {ended}");
        Assert.Contains("\"grpc_code\":14", ended);
        Assert.Null(await before.NextAsync(TimeSpan.FromSeconds(5)));

        await using var after = await WatchStream.OpenAsync(follower, "after/", TimeSpan.FromSeconds(5));
        Assert.Contains("\"created\":true", await after.NextAsync(TimeSpan.FromSeconds(5)));
        await LocalCluster.PutAsync(other, "after/1", "x", TimeSpan.FromSeconds(10));
        string? seen = await after.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Contains($"\"key\":\"{Json.B64("after/1")}\"", seen);
    }

    /// <summary>The sum of a metric's samples over all label sets in the Prometheus text format.</summary>
    private static double Sum(string metrics, string name) => metrics.Split('\n')
        .Where(line => line.StartsWith(name, StringComparison.Ordinal) && (line.Length > name.Length && line[name.Length] is ' ' or '{'))
        .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
