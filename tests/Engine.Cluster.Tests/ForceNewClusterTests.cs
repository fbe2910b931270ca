using System.Net;

namespace Engine.Cluster.Tests;

/// <summary>
/// Quorum loss recovered with <c>serve --force-new-cluster</c> (etcd's restartAsStandaloneNode): the survivor of a
/// 3-member cluster whose other two members are gone for good restarts alone with every acknowledged write,
/// lists one member, and grows back to three by member add.
/// </summary>
public sealed class ForceNewClusterTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(40);

    [Fact]
    [Trait("tier", "slow")]
    public async Task The_survivor_of_a_lost_quorum_restarts_alone_with_every_acknowledged_write_and_grows_back_to_three()
    {
        using var cluster = new LocalCluster(token: "force-new");
        cluster.StartAll();
        await cluster.WaitForLeaderAsync(Startup);
        var acknowledged = new Dictionary<string, string>();
        long revision = 0;
        for (int i = 0; i < 30; i++)
        {
            revision = await LocalCluster.PutAsync(cluster.Members[i % 3], $"ack/{i}", $"v{i}", TimeSpan.FromSeconds(10));
            acknowledged[$"ack/{i}"] = $"v{i}";
        }

        await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(20));
        var survivor = cluster.Members[0];
        foreach (var lost in cluster.Members.Skip(1).ToList())
        {
            lost.Kill();
            Directory.Delete(lost.DataDir, recursive: true);
            cluster.Members.Remove(lost);
        }

        survivor.Kill();
        survivor.Start(cluster.InitialCluster, "new", cluster.Token, "--force-new-cluster");
        await cluster.WaitForLeaderAsync(Startup);
        var (_, list) = await survivor.PostAsync("/v3/cluster/member/list", "{\"linearizable\":true}");
        var members = list.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(await survivor.MemberIdAsync(), Json.UInt64(Assert.Single(members).GetProperty("ID")));
        foreach (var (key, value) in acknowledged)
        {
            var (status, body) = await survivor.PostAsync("/v3/kv/range", Json.Get(key));
            Assert.True(status == HttpStatusCode.OK, $"{key}: {body}");
            Assert.Equal(Json.B64(value), body.GetProperty("kvs")[0].GetProperty("value").GetString());
        }

        long after = await LocalCluster.PutAsync(survivor, "after/force", "alone", TimeSpan.FromSeconds(10));
        Assert.True(after > revision);

        // A restart without the flag keeps the one-member cluster (the removals were committed).
        survivor.Kill();
        survivor.Start(cluster.InitialCluster, "new", cluster.Token);
        await cluster.WaitForLeaderAsync(Startup);

        await RestoreClusterTests.GrowByLearnerAsync(cluster, survivor, "n4");
        await RestoreClusterTests.GrowByLearnerAsync(cluster, survivor, "n5");
        (_, list) = await survivor.PostAsync("/v3/cluster/member/list", "{\"linearizable\":true}");
        Assert.Equal(3, list.GetProperty("members").GetArrayLength());
        long last = await LocalCluster.PutAsync(cluster.Members[2], "after/grow", "three", TimeSpan.FromSeconds(10));
        var hashes = await cluster.HashKvAtAsync(last, TimeSpan.FromSeconds(30));
        Assert.Equal(3, hashes.Count);
        Assert.Single(hashes.Distinct());
    }
}
