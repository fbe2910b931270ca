using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Protocol;
using Engine.TestKit;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests;

/// <summary>etcd's metric names are exported and move as etcd's do (writes, leadership, db size after defrag).</summary>
public sealed class MetricsTests
{
    private static async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double Value(string text, string series)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(series) + " ([^ \\n]+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"series {series} not exported");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Writes_leadership_and_defrag_move_etcds_metrics()
    {
        using var dir = new TempDir();
        using var server = Start(dir.Path);
        string before = await ScrapeAsync();
        double puts = Value(before, "etcd_mvcc_put_total");
        double ranges = Value(before, "etcd_mvcc_range_total");
        double fsyncs = Value(before, "etcd_disk_wal_fsync_duration_seconds_count");

        for (int i = 0; i < 5; i++)
        {
            await server.PutAsync(new PutRequest { Key = Bytes($"m{i}"), Value = Bytes("x") }, default);
        }

        await server.RangeAsync(new RangeRequest { Key = Bytes("m0") }, default);
        string after = await ScrapeAsync();
        Assert.Equal(puts + 5, Value(after, "etcd_mvcc_put_total"));
        Assert.Equal(ranges + 1, Value(after, "etcd_mvcc_range_total"));
        Assert.True(Value(after, "etcd_disk_wal_fsync_duration_seconds_count") >= fsyncs + 5);
        Assert.Equal(1, Value(after, "etcd_server_has_leader"));
        Assert.Equal(1, Value(after, "etcd_server_is_leader"));
        Assert.True(Value(after, "etcd_server_leader_changes_seen_total") >= 1);
        Assert.Equal(5, Value(after, "etcd_debugging_mvcc_keys_total"));
        Assert.True(Value(after, "etcd_server_proposals_applied_total") >= Value(before, "etcd_server_proposals_applied_total") + 5);
        Assert.Equal(options.QuotaBackendBytes, Value(after, "etcd_server_quota_backend_bytes"));
        Assert.Contains("process_", after);

        await server.DeleteRangeAsync(new DeleteRangeRequest { Key = [0], RangeEnd = [0] }, default);
        await server.CompactAsync(new CompactionRequest { Revision = 7, Physical = true }, default);
        await server.DefragmentAsync(new DefragmentRequest(), default);
        string defragged = await ScrapeAsync();
        Assert.True(Value(defragged, "etcd_mvcc_db_total_size_in_use_in_bytes") <= Value(defragged, "etcd_mvcc_db_total_size_in_bytes"));
        Assert.Equal(0, Value(defragged, "etcd_debugging_mvcc_keys_total"));
    }

    private static readonly ServerOptions options = Options("unused");
}
