using System.Diagnostics;
using System.Net;

namespace Engine.Cluster.Tests;

/// <summary>
/// Membership changes end to end with real processes (etcd's runtime reconfiguration): a learner added with
/// member add and started with --initial-cluster-state existing catches up from the leader and is promoted
/// to a voter; a removed member is refused by the others and cannot rejoin, while the rest keep working.
/// </summary>
public sealed class MembershipTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_learner_joins_an_existing_cluster_catches_up_and_is_promoted_to_voter()
    {
        using var cluster = new LocalCluster();
        cluster.StartAll();
        await cluster.WaitForLeaderAsync(Startup);
        long revision = 0;
        for (int i = 0; i < 100; i++)
        {
            revision = await LocalCluster.PutAsync(cluster.Members[i % 3], $"before/{i}", "x", TimeSpan.FromSeconds(10));
        }

        var learner = new ClusterMember("n4", Path.Combine(cluster.Directory, "n4"), LocalCluster.FreePort(), LocalCluster.FreePort());
        var (status, body) = await cluster.Members[0].PostAsync("/v3/cluster/member/add", $"{{\"peerURLs\":[\"{learner.PeerUrl}\"],\"isLearner\":true}}");
        Assert.True(status == HttpStatusCode.OK, $"member add: {status} {body}");
        ulong learnerId = Json.UInt64(body.GetProperty("member").GetProperty("ID"));
        string initial = $"{cluster.InitialCluster},n4={learner.PeerUrl}";
        cluster.Members.Add(learner);
        learner.Start(initial, "existing", cluster.Token);

        await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(30));
        Assert.Equal(learnerId, await learner.MemberIdAsync());
        var (_, learnerStatus) = await learner.PostAsync("/v3/maintenance/status", "{}");
        Assert.True(learnerStatus.GetProperty("isLearner").GetBoolean(), $"n4 status: {learnerStatus}");

        // etcd's publishV3: the joined member publishes its name and client URLs through raft, so every member lists them.
        await WaitForPublishedAsync(cluster.Members[0], learnerId, "n4", learner.ClientUrl);

        // etcd forwards promote to the leader, whose raft progress says whether the learner is in sync: ask a follower.
        var leader = await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(10));
        var follower = cluster.Members.First(m => m != leader && m != learner);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (promoted, answer) = await follower.PostAsync("/v3/cluster/member/promote", $"{{\"ID\":\"{learnerId}\"}}");
            if (promoted == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"promote kept failing: {promoted} {answer}");
            await Task.Delay(100);
        }

        var (_, list) = await cluster.Members[0].PostAsync("/v3/cluster/member/list", "{\"linearizable\":true}");
        var members = list.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(4, members.Count);
        Assert.All(members, m => Assert.False(m.TryGetProperty("isLearner", out var l) && l.GetBoolean(), $"still a learner: {m}"));

        revision = await LocalCluster.PutAsync(learner, "through-the-new-voter", "v", TimeSpan.FromSeconds(10));
        var hashes = await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(20));
        Assert.Equal(4, hashes.Count);
        Assert.Single(hashes.Distinct());
    }

    [Fact]
    public async Task A_single_member_cluster_grows_by_a_learner_that_joins_and_is_promoted()
    {
        using var cluster = new LocalCluster(size: 1);
        cluster.StartAll();
        var first = await cluster.WaitForLeaderAsync(Startup);
        long revision = 0;
        for (int i = 0; i < 20; i++)
        {
            revision = await LocalCluster.PutAsync(first, $"alone/{i}", "x", TimeSpan.FromSeconds(10));
        }

        var second = new ClusterMember("n2", Path.Combine(cluster.Directory, "n2"), LocalCluster.FreePort(), LocalCluster.FreePort());
        var (status, body) = await first.PostAsync("/v3/cluster/member/add", $"{{\"peerURLs\":[\"{second.PeerUrl}\"],\"isLearner\":true}}");
        Assert.True(status == HttpStatusCode.OK, $"member add: {status} {body}");
        ulong secondId = Json.UInt64(body.GetProperty("member").GetProperty("ID"));
        string initial = $"{cluster.InitialCluster},n2={second.PeerUrl}";
        cluster.Members.Add(second);
        second.Start(initial, "existing", cluster.Token);
        await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (promoted, answer) = await first.PostAsync("/v3/cluster/member/promote", $"{{\"ID\":\"{secondId}\"}}");
            if (promoted == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"promote kept failing: {promoted} {answer}");
            await Task.Delay(100);
        }

        revision = await LocalCluster.PutAsync(second, "through-the-second-voter", "v", TimeSpan.FromSeconds(10));
        var hashes = await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(20));
        Assert.Equal(2, hashes.Count);
        Assert.Single(hashes.Distinct());
    }

    [Fact]
    public async Task A_member_whose_peer_url_is_updated_is_redialled_at_the_new_address()
    {
        using var cluster = new LocalCluster();
        cluster.StartAll();
        var leader = await cluster.WaitForLeaderAsync(Startup);
        var moved = cluster.Members.First(m => m != leader);
        ulong movedId = await moved.MemberIdAsync();
        var relocated = new ClusterMember(moved.Name, moved.DataDir, moved.ClientPort, LocalCluster.FreePort());

        var (status, body) = await leader.PostAsync("/v3/cluster/member/update", $"{{\"ID\":\"{movedId}\",\"peerURLs\":[\"{relocated.PeerUrl}\"]}}");
        Assert.True(status == HttpStatusCode.OK, $"member update: {status} {body}");
        moved.Kill();
        cluster.Members[cluster.Members.IndexOf(moved)] = relocated;
        relocated.Start(cluster.InitialCluster, "new", cluster.Token);

        long revision = 0;
        for (int i = 0; i < 20; i++)
        {
            revision = await LocalCluster.PutAsync(leader, $"after-move/{i}", "v", TimeSpan.FromSeconds(10));
        }

        var hashes = await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(20));
        Assert.Equal(3, hashes.Count);
        Assert.Single(hashes.Distinct());
        var (_, list) = await relocated.PostAsync("/v3/cluster/member/list", "{}");
        var entry = list.GetProperty("members").EnumerateArray().Single(m => Json.UInt64(m.GetProperty("ID")) == movedId);
        Assert.Equal(relocated.PeerUrl, entry.GetProperty("peerURLs")[0].GetString());
        // etcd's UpdateRaftAttributes changes the peer URLs only: the published name stays.
        Assert.Equal(moved.Name, entry.GetProperty("name").GetString());
        moved.Dispose();
    }

    [Fact]
    public async Task Every_member_of_a_static_cluster_publishes_its_client_urls_through_raft()
    {
        using var cluster = new LocalCluster();
        cluster.StartAll();
        await cluster.WaitForLeaderAsync(Startup);
        foreach (var member in cluster.Members)
        {
            ulong id = await member.MemberIdAsync();
            foreach (var observer in cluster.Members)
            {
                await WaitForPublishedAsync(observer, id, member.Name, member.ClientUrl);
            }
        }
    }

    [Fact]
    public async Task A_removed_member_is_refused_by_the_others_and_cannot_rejoin()
    {
        using var cluster = new LocalCluster();
        cluster.StartAll();
        var leader = await cluster.WaitForLeaderAsync(Startup);
        var victim = cluster.Members.First(m => m != leader);
        var keeper = cluster.Members.First(m => m != leader && m != victim);
        ulong victimId = await victim.MemberIdAsync();

        var (status, body) = await leader.PostAsync("/v3/cluster/member/remove", $"{{\"ID\":\"{victimId}\"}}");
        Assert.True(status == HttpStatusCode.OK, $"member remove: {status} {body}");
        Assert.Equal(2, body.GetProperty("members").GetArrayLength());

        victim.Kill();
        victim.Start(cluster.InitialCluster, "new", cluster.Token);
        long revision = await LocalCluster.PutAsync(keeper, "after-removal", "v", TimeSpan.FromSeconds(10));

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(4))
        {
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                var (put, answer) = await victim.PostAsync("/v3/kv/put", Json.Put("from-the-removed", "x"), attempt.Token);
                Assert.True(put != HttpStatusCode.OK, $"the removed member accepted a write: {answer}");
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        bool refusedSeen;
        lock (leader.Log)
        {
            refusedSeen = leader.Log.Concat(keeper.Log).Any(line => line.Contains("MemberRemoved", StringComparison.Ordinal));
        }

        Assert.True(refusedSeen, $"no member logged refusing the removed member: {cluster.Diagnostics()}");
        victim.Kill();
        var hashes = await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(10));
        Assert.Equal(2, hashes.Count);
        Assert.Single(hashes.Distinct());
        var (_, range) = await keeper.PostAsync("/v3/kv/range", Json.Get("from-the-removed"));
        Assert.False(range.TryGetProperty("kvs", out _), "a write through the removed member reached the cluster");
    }

    private static async Task WaitForPublishedAsync(ClusterMember observer, ulong id, string name, string clientUrl)
    {
        var clock = Stopwatch.StartNew();
        string last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            var (status, list) = await observer.PostAsync("/v3/cluster/member/list", "{}");
            last = $"{status} {list}";
            var entry = status == HttpStatusCode.OK
                ? list.GetProperty("members").EnumerateArray().FirstOrDefault(m => Json.UInt64(m.GetProperty("ID")) == id)
                : default;
            if (entry.ValueKind == System.Text.Json.JsonValueKind.Object
                && entry.TryGetProperty("name", out var n) && n.GetString() == name
                && entry.TryGetProperty("clientURLs", out var urls) && urls.EnumerateArray().Any(u => u.GetString() == clientUrl))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{observer.Name} never listed member {id:x} as {name} at {clientUrl}: {last}");
    }
}
