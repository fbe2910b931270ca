using System.Net;
using System.Text.Json;

namespace Engine.Cluster.Tests;

/// <summary>
/// etcd's membership checks on a running 3-member cluster, each answered with etcd's error text
/// (server/etcdserver/errors and api/v3rpc/rpctypes): invalid URLs, duplicate peer URLs, unknown ids,
/// promoting a voter or a learner that has not caught up, more than one learner, and strict
/// reconfiguration refusing a voter that would leave too few started members for a quorum.
/// </summary>
public sealed class MembershipErrorTests : IClassFixture<MembershipErrorTests.RunningCluster>
{
    private readonly RunningCluster _fixture;

    public MembershipErrorTests(RunningCluster fixture) => _fixture = fixture;

    private ClusterMember Any => _fixture.Cluster.Members[0];

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:1")]
    public async Task Member_add_with_an_invalid_peer_url_is_refused_with_etcds_text(string url)
    {
        await AssertErrorAsync(Any, "/v3/cluster/member/add", $"{{\"peerURLs\":[\"{url}\"]}}", "etcdserver: given member URLs are invalid");
    }

    [Fact]
    public async Task Member_add_with_a_peer_url_already_in_the_cluster_is_refused_with_etcds_text()
    {
        string taken = _fixture.Cluster.Members[1].PeerUrl;
        await AssertErrorAsync(Any, "/v3/cluster/member/add", $"{{\"peerURLs\":[\"{taken}\"]}}", "etcdserver: Peer URLs already exists");
    }

    [Fact]
    public async Task Member_remove_of_an_unknown_id_is_refused_with_etcds_text()
    {
        await AssertErrorAsync(Any, "/v3/cluster/member/remove", "{\"ID\":\"12345\"}", "etcdserver: member not found");
    }

    [Fact]
    public async Task Member_update_of_an_unknown_id_is_refused_with_etcds_text()
    {
        await AssertErrorAsync(Any, "/v3/cluster/member/update", "{\"ID\":\"12345\",\"peerURLs\":[\"http://127.0.0.1:9\"]}", "etcdserver: member not found");
    }

    [Fact]
    public async Task Member_promote_of_a_voter_is_refused_with_etcds_text()
    {
        ulong voter = await Any.MemberIdAsync();
        await AssertErrorAsync(Any, "/v3/cluster/member/promote", $"{{\"ID\":\"{voter}\"}}", "etcdserver: can only promote a learner member");
    }

    [Fact]
    public async Task A_second_learner_is_refused_and_an_unstarted_learner_cannot_be_promoted_with_etcds_texts()
    {
        var (status, body) = await Any.PostAsync("/v3/cluster/member/add", $"{{\"peerURLs\":[\"http://127.0.0.1:{LocalCluster.FreePort()}\"],\"isLearner\":true}}");
        Assert.True(status == HttpStatusCode.OK, $"learner add: {status} {body}");
        ulong learner = Json.UInt64(body.GetProperty("member").GetProperty("ID"));
        Assert.True(body.GetProperty("member").GetProperty("isLearner").GetBoolean());
        try
        {
            await AssertErrorAsync(Any, "/v3/cluster/member/add", $"{{\"peerURLs\":[\"http://127.0.0.1:{LocalCluster.FreePort()}\"],\"isLearner\":true}}",
                "etcdserver: too many learner members in cluster");
            await AssertErrorAsync(Any, "/v3/cluster/member/promote", $"{{\"ID\":\"{learner}\"}}",
                "etcdserver: can only promote a learner member which is in sync with leader");
        }
        finally
        {
            var (removed, removeBody) = await Any.PostAsync("/v3/cluster/member/remove", $"{{\"ID\":\"{learner}\"}}");
            Assert.True(removed == HttpStatusCode.OK, $"learner remove: {removed} {removeBody}");
        }
    }

    [Fact]
    public async Task Adding_a_voter_that_would_leave_too_few_started_members_is_refused_with_etcds_text()
    {
        using var cluster = new LocalCluster();
        cluster.StartAll();
        await cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(40));
        var member = cluster.Members[0];
        for (int i = 0; i < 2; i++)
        {
            var (status, body) = await member.PostAsync("/v3/cluster/member/add", $"{{\"peerURLs\":[\"http://127.0.0.1:{LocalCluster.FreePort()}\"]}}");
            Assert.True(status == HttpStatusCode.OK, $"voter add {i}: {status} {body}");
        }

        await AssertErrorAsync(member, "/v3/cluster/member/add", $"{{\"peerURLs\":[\"http://127.0.0.1:{LocalCluster.FreePort()}\"]}}",
            "etcdserver: re-configuration failed due to not enough started members");
    }

    private static async Task AssertErrorAsync(ClusterMember member, string path, string request, string expected)
    {
        var (status, body) = await member.PostAsync(path, request);
        Assert.NotEqual(HttpStatusCode.OK, status);
        Assert.True(body.ValueKind == JsonValueKind.Object, $"{path} answered {status} without a body");
        Assert.True(body.TryGetProperty("message", out var message), $"{path} answered {status} {body}");
        Assert.Equal(expected, message.GetString());
    }

    /// <summary>One cluster shared by the error cases (they leave it as they found it).</summary>
    public sealed class RunningCluster : IAsyncLifetime
    {
        public LocalCluster Cluster { get; } = new();

        public async Task InitializeAsync()
        {
            Cluster.StartAll();
            await Cluster.WaitForLeaderAsync(TimeSpan.FromSeconds(40));
        }

        public Task DisposeAsync()
        {
            Cluster.Dispose();
            return Task.CompletedTask;
        }
    }
}
