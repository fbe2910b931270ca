using System.Diagnostics;
using System.Net;
using System.Text;

namespace Engine.Cluster.Tests;

/// <summary>
/// Three real engine processes bootstrapped with --initial-cluster (etcd's static bootstrap): one leader,
/// writes and linearizable reads through any member (followers forward proposals and ReadIndex to the
/// leader), leader failure handled by raft's election, and every member ending with the same key-value
/// history (hashkv).
/// </summary>
public sealed class ClusterTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Three_members_elect_one_leader_and_accept_writes_and_linearizable_reads_through_every_member()
    {
        using var cluster = new LocalCluster();
        cluster.StartAll();
        await cluster.WaitForLeaderAsync(Startup);

        long revision = 0;
        for (int round = 0; round < 5; round++)
        {
            foreach (var member in cluster.Members)
            {
                revision = await LocalCluster.PutAsync(member, $"k/{member.Name}/{round}", $"v{round}", TimeSpan.FromSeconds(10));
            }
        }

        foreach (var member in cluster.Members)
        {
            var (status, body) = await member.PostAsync("/v3/kv/range", Json.Prefix("k/"));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(15, Json.Int64(body.GetProperty("count")));
            Assert.True(Json.Int64(body.GetProperty("header").GetProperty("revision")) >= revision, $"{member.Name} served a stale linearizable read");
        }

        var hashes = await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(10));
        Assert.Single(hashes.Distinct());
    }

    [Fact]
    public async Task Killing_the_leader_elects_a_new_one_and_writes_resume_within_three_seconds_and_the_old_leader_catches_up()
    {
        using var cluster = new LocalCluster();
        cluster.StartAll();
        var leader = await cluster.WaitForLeaderAsync(Startup);
        for (int i = 0; i < 50; i++)
        {
            await LocalCluster.PutAsync(cluster.Members[i % 3], $"before/{i}", "x", TimeSpan.FromSeconds(10));
        }

        var survivor = cluster.Members.First(m => m != leader);
        var clock = Stopwatch.StartNew();
        leader.Kill();
        await LocalCluster.PutAsync(survivor, "after-kill", "1", TimeSpan.FromSeconds(10));
        var resumed = clock.Elapsed;
        Assert.True(resumed < TimeSpan.FromSeconds(3), $"writes resumed only after {resumed.TotalMilliseconds:F0} ms");
        var newLeader = await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(10));
        Assert.NotSame(leader, newLeader);

        long revision = 0;
        for (int i = 0; i < 50; i++)
        {
            revision = await LocalCluster.PutAsync(survivor, $"during/{i}", "y", TimeSpan.FromSeconds(10));
        }

        leader.Start(cluster.InitialCluster, "new", cluster.Token);
        await cluster.WaitForLeaderAsync(Startup);
        revision = await LocalCluster.PutAsync(leader, "rejoined", "z", TimeSpan.FromSeconds(10));
        var hashes = await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(20));
        Assert.Equal(3, hashes.Count);
        Assert.Single(hashes.Distinct());

        var (_, body) = await leader.PostAsync("/v3/kv/range", Json.Prefix("during/"));
        Assert.Equal(50, Json.Int64(body.GetProperty("count")));
    }
}
