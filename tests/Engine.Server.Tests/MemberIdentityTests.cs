using Engine.Membership;

namespace Engine.Server.Tests;

/// <summary>Ids derived as etcd derives them (membership/member.go computeMemberId, cluster.go genID).</summary>
public sealed class MemberIdentityTests
{
    [Fact]
    public void Etcd_default_member_id_is_8e9e05c52164694d()
    {
        // etcd's default single member: --initial-advertise-peer-urls http://localhost:2380, token etcd-cluster.
        ulong id = MemberIdentity.ComputeMemberId(["http://localhost:2380"], "etcd-cluster");
        Assert.Equal("8e9e05c52164694d", MemberIdentity.ToHex(id));
    }

    [Fact]
    public void Etcd_default_cluster_id_is_cdf818194e3a8c32()
    {
        ulong member = MemberIdentity.ComputeMemberId(["http://localhost:2380"], "etcd-cluster");
        Assert.Equal("cdf818194e3a8c32", MemberIdentity.ToHex(MemberIdentity.ComputeClusterId([member])));
    }

    [Fact]
    public void Peer_url_order_does_not_change_the_member_id()
    {
        Assert.Equal(
            MemberIdentity.ComputeMemberId(["http://b:2380", "http://a:2380"], "t"),
            MemberIdentity.ComputeMemberId(["http://a:2380", "http://b:2380"], "t"));
    }

    [Fact]
    public void A_runtime_add_mixes_in_the_time()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        Assert.NotEqual(
            MemberIdentity.ComputeMemberId(["http://a:2380"], "t"),
            MemberIdentity.ComputeMemberId(["http://a:2380"], "t", at));
    }

    [Fact]
    public void Initial_cluster_parses_names_and_urls_in_order()
    {
        var cluster = InitialCluster.TryParse("n1=http://127.0.0.1:2380,n2=http://127.0.0.1:2381,n1=http://127.0.0.2:2380", out var error);
        Assert.Null(error);
        Assert.Equal(["n1", "n2"], cluster!.Members.Select(m => m.Name));
        Assert.Equal(2, cluster.Members[0].PeerUrls.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("n1")]
    [InlineData("n1=")]
    [InlineData("=http://a:1")]
    [InlineData("n1=ftp://a:1")]
    public void Malformed_initial_cluster_is_an_error(string text)
    {
        Assert.Null(InitialCluster.TryParse(text, out var error));
        Assert.NotNull(error);
    }
}
