using System.Net;
using System.Text;

namespace Engine.Cluster.Tests;

/// <summary>
/// A longer run (slow tier): a client writes unique keys through random members while members (the leader
/// most often) are SIGKILLed and restarted; every acknowledged write must be on every member at the end
/// and the members' hashkv must agree (raft's safety: committed entries are never lost or reordered).
/// </summary>
public sealed class ClusterSoakTests
{
    [Fact]
    [Trait("tier", "slow")]
    public async Task Acknowledged_writes_survive_repeated_member_kills_and_every_member_converges()
    {
        using var cluster = new LocalCluster();
        cluster.StartAll();
        await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(40));
        var random = new Random(20261125);
        var acknowledged = new List<string>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            int next = 0;
            while (!stop.IsCancellationRequested)
            {
                var member = cluster.Members[random.Next(cluster.Members.Count)];
                string key = $"soak/{next++:D6}";
                try
                {
                    using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                    var (status, _) = await member.PostAsync("/v3/kv/put", Json.Put(key, "v"), attempt.Token);
                    if (status == HttpStatusCode.OK)
                    {
                        lock (acknowledged)
                        {
                            acknowledged.Add(key);
                        }
                    }
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                    // unknown outcome: not acknowledged
                }
            }
        });

        for (int round = 0; round < 8; round++)
        {
            await Task.Delay(random.Next(1000, 3000));
            var victim = round % 2 == 0 ? await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(20)) : cluster.Members[random.Next(3)];
            victim.Kill();
            await Task.Delay(random.Next(200, 1500));
            victim.Start(cluster.InitialCluster, "new", cluster.Token);
        }

        await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(40));
        stop.Cancel();
        await writer;
        long revision = await LocalCluster.PutAsync(cluster.Members[0], "soak-end", "x", TimeSpan.FromSeconds(10));
        var hashes = await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(30));
        Assert.Single(hashes.Distinct());
        Assert.True(acknowledged.Count > 100, $"only {acknowledged.Count} writes were acknowledged");

        foreach (var member in cluster.Members)
        {
            var present = await KeysAsync(member, "soak/");
            var missing = acknowledged.Where(k => !present.Contains(k)).Take(5).ToList();
            Assert.True(missing.Count == 0, $"{member.Name} lost acknowledged writes: {string.Join(", ", missing)}");
        }
    }

    private static async Task<HashSet<string>> KeysAsync(ClusterMember member, string prefix)
    {
        string end = prefix[..^1] + (char)(prefix[^1] + 1);
        var (status, body) = await member.PostAsync("/v3/kv/range",
            $"{{\"key\":\"{Json.B64(prefix)}\",\"range_end\":\"{Json.B64(end)}\",\"keys_only\":true,\"serializable\":true}}");
        Assert.Equal(HttpStatusCode.OK, status);
        var keys = new HashSet<string>();
        if (body.TryGetProperty("kvs", out var kvs))
        {
            foreach (var kv in kvs.EnumerateArray())
            {
                keys.Add(Encoding.UTF8.GetString(Convert.FromBase64String(kv.GetProperty("key").GetString()!)));
            }
        }

        return keys;
    }
}
