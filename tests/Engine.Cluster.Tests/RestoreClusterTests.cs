using System.Diagnostics;
using System.Net;
using Engine.Membership;

namespace Engine.Cluster.Tests;

/// <summary>
/// Disaster recovery with real processes (etcd's snapshot restore, etcd-api.md §5 / #12820): a snapshot saved from a
/// 3-member cluster with history (puts, deletes, a lease with keys, a compaction) restored into a new cluster holds
/// exactly the new members and every key with its revisions, with equal hashkv on every member.
/// </summary>
public sealed class RestoreClusterTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(40);

    /// <summary>The source's answers at the snapshot: the full range at each revision from the compaction on, and hashkv.</summary>
    private sealed record Saved(string Snapshot, long Revision, long Compact, long LeaseId, long HashKv, HashSet<ulong> OldIds, Dictionary<long, string> Ranges);

    private static async Task<Saved> SourceSnapshot(string directory)
    {
        using var source = new LocalCluster();
        source.StartAll();
        await source.WaitForLeaderAsync(Startup);
        var m = source.Members;
        for (int i = 0; i < 6; i++)
        {
            await LocalCluster.PutAsync(m[i % 3], $"k/{i % 3}", $"v{i}", TimeSpan.FromSeconds(10));
        }

        var (status, deleted) = await m[1].PostAsync("/v3/kv/deleterange", $"{{\"key\":\"{Json.B64("k/1")}\"}}");
        Assert.True(status == HttpStatusCode.OK, $"delete: {deleted}");
        var (_, grant) = await m[0].PostAsync("/v3/lease/grant", "{\"TTL\":600}");
        long lease = Json.Int64(grant.GetProperty("ID"));
        foreach (string key in new[] { "lease/a", "lease/b" })
        {
            var (put, body) = await m[2].PostAsync("/v3/kv/put", $"{{\"key\":\"{Json.B64(key)}\",\"value\":\"{Json.B64("x")}\",\"lease\":\"{lease}\"}}");
            Assert.True(put == HttpStatusCode.OK, $"leased put: {body}");
        }

        long compact = 4;
        var (compacted, answer) = await m[0].PostAsync("/v3/kv/compaction", $"{{\"revision\":{compact},\"physical\":true}}");
        Assert.True(compacted == HttpStatusCode.OK, $"compaction: {answer}");
        long revision = await LocalCluster.PutAsync(m[0], "k/last", "end", TimeSpan.FromSeconds(10));
        long hash = (await source.HashKvAtAsync(revision, TimeSpan.FromSeconds(20))).Distinct().Single();
        var ranges = new Dictionary<long, string>();
        for (long rev = compact; rev <= revision; rev++)
        {
            ranges[rev] = await RangeAt(m[0], rev);
        }

        var oldIds = new HashSet<ulong>();
        foreach (var member in m)
        {
            oldIds.Add(await member.MemberIdAsync());
        }

        string snapshot = Path.Combine(directory, "snapshot.db");
        var (code, output, error) = EngineCli.Run("snapshot", "save", snapshot, "--endpoints", m[1].ClientUrl);
        Assert.True(code == 0, $"snapshot save: {output} {error}");
        return new Saved(snapshot, revision, compact, lease, hash, oldIds, ranges);
    }

    /// <summary>Every key (keys, values, create/mod revisions, versions, leases) at <paramref name="revision"/>, as JSON text.</summary>
    private static async Task<string> RangeAt(ClusterMember member, long revision)
    {
        var (status, body) = await member.PostAsync("/v3/kv/range", $"{{\"key\":\"AA==\",\"range_end\":\"AA==\",\"revision\":{revision}}}");
        Assert.True(status == HttpStatusCode.OK, $"range at {revision} on {member.Name}: {status} {body}");
        return body.TryGetProperty("kvs", out var kvs) ? kvs.GetRawText() : "[]";
    }

    private static async Task<HashSet<ulong>> MemberIds(ClusterMember member)
    {
        var (_, list) = await member.PostAsync("/v3/cluster/member/list", "{\"linearizable\":true}");
        return list.GetProperty("members").EnumerateArray().Select(e => Json.UInt64(e.GetProperty("ID"))).ToHashSet();
    }

    private static async Task AssertSameHistory(LocalCluster cluster, Saved saved)
    {
        foreach (var member in cluster.Members)
        {
            foreach (var (revision, expected) in saved.Ranges)
            {
                Assert.Equal(expected, await RangeAt(member, revision));
            }
        }

        // Lease TimeToLive is answered by the leader (a follower says 'not leader').
        var leader = await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(20));
        var (_, ttl) = await leader.PostAsync("/v3/lease/timetolive", $"{{\"ID\":\"{saved.LeaseId}\",\"keys\":true}}");
        Assert.True(ttl.TryGetProperty("TTL", out var left) && Json.Int64(left) > 0, $"lease lost: {ttl}");
        Assert.Equal(2, ttl.GetProperty("keys").GetArrayLength());

        var hashes = await cluster.HashKvAtAsync(saved.Revision, TimeSpan.FromSeconds(20));
        Assert.All(hashes, h => Assert.Equal(saved.HashKv, h));
    }

    [Fact]
    public async Task A_snapshot_restored_into_three_new_members_starts_a_cluster_of_exactly_them_with_the_same_history()
    {
        using var restored = new LocalCluster(token: "restored-cluster");
        var saved = await SourceSnapshot(restored.Directory);
        foreach (var member in restored.Members)
        {
            EngineCli.Restore(saved.Snapshot, member, restored.InitialCluster, restored.Token);
        }

        restored.StartAll();
        var leader = await restored.WaitForLeaderAsync(Startup);
        var expected = restored.Members.Select(m => MemberIdentity.ComputeMemberId([m.PeerUrl], restored.Token)).ToHashSet();
        var ids = await MemberIds(leader);
        Assert.True(expected.SetEquals(ids), $"member list {string.Join(",", ids)} is not exactly the new members");
        Assert.Empty(ids.Intersect(saved.OldIds));
        await AssertSameHistory(restored, saved);

        long next = await LocalCluster.PutAsync(restored.Members[2], "after/restore", "yes", TimeSpan.FromSeconds(10));
        Assert.Equal(saved.Revision + 1, next);
        Assert.Single((await restored.HashKvAtAsync(next, TimeSpan.FromSeconds(20))).Distinct());
    }

    [Fact]
    [Trait("tier", "slow")]
    public async Task A_single_restored_member_grows_to_three_by_member_add()
    {
        using var restored = new LocalCluster(size: 1, token: "restored-single");
        var saved = await SourceSnapshot(restored.Directory);
        var first = restored.Members[0];
        EngineCli.Restore(saved.Snapshot, first, restored.InitialCluster, restored.Token);
        restored.StartAll();
        await restored.WaitForLeaderAsync(Startup);
        Assert.Single(await MemberIds(first));

        for (int n = 2; n <= 3; n++)
        {
            await GrowByLearnerAsync(restored, first, $"n{n}");
        }

        Assert.Equal(3, (await MemberIds(first)).Count);
        await AssertSameHistory(restored, saved);
        long next = await LocalCluster.PutAsync(restored.Members[2], "after/grow", "yes", TimeSpan.FromSeconds(10));
        Assert.Single((await restored.HashKvAtAsync(next, TimeSpan.FromSeconds(20))).Distinct());
    }

    [Fact]
    public void The_restore_command_refuses_a_corrupt_file_and_bad_flags_with_one_line_and_leaves_the_target_untouched()
    {
        using var dir = new Engine.TestKit.TempDir("engine-restore-cli");
        string target = Path.Combine(dir.Path, "target");
        string corrupt = Path.Combine(dir.Path, "corrupt.db");
        File.WriteAllBytes(corrupt, new byte[4096 * 3 + 32]); // the size of a file with a SHA-256 trailer, whose digest is wrong
        string[] flags = ["--data-dir", target, "--name", "a", "--initial-cluster", "a=http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380"];

        var (code, _, error) = EngineCli.Run(["tool", "snapshot", "restore", corrupt, .. flags]);
        Assert.Equal(1, code);
        Assert.Contains("SHA-256 mismatch", error);
        Assert.DoesNotContain("   at ", error);

        (code, _, error) = EngineCli.Run(["tool", "snapshot", "restore", corrupt, .. flags, "--mark-compacted"]);
        Assert.Equal(2, code);
        Assert.Contains("--mark-compacted can only be used with --bump-revision", error);

        (code, _, error) = EngineCli.Run(["tool", "snapshot", "restore", corrupt, .. flags[..4], "--initial-cluster", "b=http://127.0.0.1:2380"]);
        Assert.Equal(2, code);
        Assert.Contains("no member named 'a'", error);
        Assert.False(Directory.Exists(target));
        Assert.Equal(["corrupt.db"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    /// <summary>member add as a learner, start it with --initial-cluster-state existing, promote once it has caught up.</summary>
    internal static async Task GrowByLearnerAsync(LocalCluster cluster, ClusterMember through, string name)
    {
        var joiner = new ClusterMember(name, Path.Combine(cluster.Directory, name), LocalCluster.FreePort(), LocalCluster.FreePort());
        var (status, body) = await through.PostAsync("/v3/cluster/member/add", $"{{\"peerURLs\":[\"{joiner.PeerUrl}\"],\"isLearner\":true}}");
        Assert.True(status == HttpStatusCode.OK, $"member add {name}: {status} {body}");
        ulong id = Json.UInt64(body.GetProperty("member").GetProperty("ID"));
        string initial = string.Join(",", cluster.Members.Select(m => $"{m.Name}={m.PeerUrl}").Append($"{name}={joiner.PeerUrl}"));
        cluster.Members.Add(joiner);
        joiner.Start(initial, "existing", cluster.Token);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (promoted, answer) = await through.PostAsync("/v3/cluster/member/promote", $"{{\"ID\":\"{id}\"}}");
            if (promoted == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"promote {name} kept failing: {promoted} {answer} | {cluster.Diagnostics()}");
            await Task.Delay(200);
        }
    }
}
