using Engine.Membership.Versions;
using Engine.Storage.Schema;

namespace Engine.Membership.Tests.Versions;

/// <summary>etcd's decideClusterVersion (server/etcdserver/version/monitor.go, #13405) without a server.</summary>
public sealed class ClusterVersionRulesTests
{
    private static SemanticVersion V(string text) => SemanticVersion.Parse(text);

    private static SemanticVersion?[] Members(params string?[] versions) =>
        versions.Select(v => v is null ? (SemanticVersion?)null : V(v)).ToArray();

    [Fact]
    public void A_new_cluster_starts_at_the_lowest_member_version_once_every_version_is_known()
    {
        Assert.Equal(ClusterVersionDecision.Keep, ClusterVersionRules.Decide(null, null, Members("3.6.0", null, "3.6.1")));
        var decision = ClusterVersionRules.Decide(null, null, Members("3.6.4", "3.5.9", "3.6.1"));
        Assert.Equal(V("3.5.0"), decision.NewVersion);
        Assert.Null(decision.Problem);
    }

    [Fact]
    public void Cluster_version_is_the_lowest_major_minor_among_members_and_only_rises()
    {
        Assert.Equal(V("3.6.0"), ClusterVersionRules.Decide(V("3.5.0"), null, Members("3.6.0", "3.6.2", "3.7.0")).NewVersion);
        Assert.Null(ClusterVersionRules.Decide(V("3.6.0"), null, Members("3.6.0", "3.6.2")).NewVersion);

        // Without a downgrade job a lower member never lowers the cluster version (it is refused instead).
        Assert.Null(ClusterVersionRules.Decide(V("3.6.0"), null, Members("3.6.0", "3.5.0")).NewVersion);

        // A major change is never decided by the monitor.
        Assert.Null(ClusterVersionRules.Decide(V("3.6.0"), null, Members("4.0.0", "4.1.0")).NewVersion);

        // Unknown member version: keep.
        Assert.Null(ClusterVersionRules.Decide(V("3.5.0"), null, Members("3.6.0", null)).NewVersion);
    }

    [Fact]
    public void An_enabled_downgrade_moves_the_cluster_version_to_its_target()
    {
        var job = new DowngradeInfoRecord("3.5.0", true);
        Assert.Equal(V("3.5.0"), ClusterVersionRules.Decide(V("3.6.0"), job, Members("3.6.0", "3.6.1", "3.6.0")).NewVersion);

        // Already there: keep, even while members still run 3.6 or already run 3.5.
        Assert.Equal(ClusterVersionDecision.Keep, ClusterVersionRules.Decide(V("3.5.0"), job, Members("3.6.0", "3.5.0", "3.6.0")));
    }

    [Fact]
    public void A_downgrade_target_that_no_longer_fits_is_reported_and_nothing_moves()
    {
        var tooFar = ClusterVersionRules.Decide(V("3.6.0"), new DowngradeInfoRecord("3.4.0", true), Members("3.6.0"));
        Assert.Null(tooFar.NewVersion);
        Assert.Contains("cluster version 3.6", tooFar.Problem);
        Assert.Contains("3.4", tooFar.Problem);

        // A newer member does not matter: the lowest one (3.6) still allows the target.
        Assert.Equal(V("3.5.0"), ClusterVersionRules.Decide(V("3.6.0"), new DowngradeInfoRecord("3.5.0", true), Members("3.7.0", "3.6.0")).NewVersion);

        var minimalTooHigh = ClusterVersionRules.Decide(V("3.6.0"), new DowngradeInfoRecord("3.5.0", true), Members("3.7.0", "3.7.1"));
        Assert.Null(minimalTooHigh.NewVersion);
        Assert.Contains("minimal server version 3.7.0", minimalTooHigh.Problem);
    }

    [Fact]
    public void After_the_job_ends_the_cluster_version_rises_back_to_the_lowest_member()
    {
        Assert.Null(ClusterVersionRules.Decide(V("3.5.0"), new DowngradeInfoRecord("", false), Members("3.5.0", "3.6.0")).NewVersion);
        Assert.Equal(V("3.6.0"), ClusterVersionRules.Decide(V("3.5.0"), new DowngradeInfoRecord("", false), Members("3.6.0", "3.6.0")).NewVersion);
    }

    [Theory]
    [InlineData("3.6.0", "3.5.0", true)]
    [InlineData("3.6.3", "3.5.0", true)]
    [InlineData("3.6.0", "3.4.0", false)]
    [InlineData("3.6.0", "3.6.0", false)]
    [InlineData("3.6.0", "3.7.0", false)]
    [InlineData("4.0.0", "3.9.0", false)]
    [InlineData("3.6.0", "3.5.0-rc.0", false)]
    public void Valid_downgrade_is_exactly_one_minor_down(string from, string to, bool valid)
    {
        Assert.Equal(valid, ClusterVersionRules.IsValidDowngrade(V(from), V(to)));
    }

    [Theory]
    [InlineData("3.5.0", "3.6.0", true)]
    [InlineData("3.0.0", "3.6.0", true)]
    [InlineData("3.6.0", "3.5.0", true)]
    [InlineData("3.6.0", "3.4.0", false)]
    [InlineData("3.6.0", "4.0.0", false)]
    [InlineData("3.6.0", "3.6.5", false)]
    public void Valid_cluster_version_change_is_a_rise_within_the_major_or_a_one_minor_downgrade(string from, string to, bool valid)
    {
        Assert.Equal(valid, ClusterVersionRules.IsValidChange(V(from), V(to)));
    }

    [Fact]
    public void MinimalServerVersion_is_unknown_while_any_member_is_unknown()
    {
        Assert.Null(ClusterVersionRules.MinimalServerVersion(Members("3.6.0", null)));
        Assert.Null(ClusterVersionRules.MinimalServerVersion(Members()));
        Assert.Equal(V("3.5.1"), ClusterVersionRules.MinimalServerVersion(Members("3.6.0", "3.5.1", "3.5.2")));
    }
}
