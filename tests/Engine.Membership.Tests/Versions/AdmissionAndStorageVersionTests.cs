using Engine.Membership.Versions;
using Engine.Storage.Schema;

namespace Engine.Membership.Tests.Versions;

/// <summary>
/// Admission depends only on the cluster version (etcd #13405, MustDetectDowngrade); the storage version
/// follows the cluster version (monitor UpdateStorageVersionIfNeeded); the test-only server version override.
/// </summary>
public sealed class AdmissionAndStorageVersionTests
{
    private static SemanticVersion V(string text) => SemanticVersion.Parse(text);

    [Theory]
    [InlineData("3.6.0", "3.6.0")]
    [InlineData("3.6.0", "3.5.0")]
    [InlineData("3.5.0", "3.5.0")]
    [InlineData("3.5.9", "3.5.0")]
    [InlineData("3.7.0", "3.6.0")]
    public void A_server_at_or_above_the_cluster_major_minor_is_admitted(string server, string cluster)
    {
        Assert.Null(VersionAdmission.Check(V(server), V(cluster)));
    }

    [Fact]
    public void An_undecided_cluster_version_admits_any_server()
    {
        Assert.Null(VersionAdmission.Check(V("3.4.0"), null));
    }

    [Fact]
    public void A_server_below_the_cluster_version_is_refused_naming_both_versions()
    {
        string? refusal = VersionAdmission.Check(V("3.4.0"), V("3.5.0"));
        Assert.NotNull(refusal);
        Assert.Contains("3.4.0", refusal);
        Assert.Contains("cluster version 3.5", refusal);
        Assert.StartsWith("invalid downgrade; server version", refusal);

        Assert.NotNull(VersionAdmission.Check(V("3.6.0-alpha.0"), V("3.7.0")));
    }

    [Fact]
    public void During_a_downgrade_both_the_old_and_the_target_version_are_admitted()
    {
        // #13405: while the job is enabled the cluster version is the target, and nothing else is checked.
        var job = new DowngradeInfoRecord("3.5.0", true);
        var cluster = ClusterVersionRules.Decide(V("3.6.0"), job, [V("3.6.0"), V("3.6.0"), V("3.6.0")]).NewVersion;
        Assert.Equal(V("3.5.0"), cluster);
        Assert.Null(VersionAdmission.Check(V("3.6.0"), cluster));
        Assert.Null(VersionAdmission.Check(V("3.5.0"), cluster));
        Assert.NotNull(VersionAdmission.Check(V("3.4.0"), cluster));
    }

    [Fact]
    public void Storage_version_follows_the_cluster_major_minor()
    {
        Assert.Equal(V("3.5.0"), StorageVersionRules.Decide(V("3.5.0"), V("3.6.0")));
        Assert.Equal(V("3.6.0"), StorageVersionRules.Decide(V("3.6.0"), V("3.5.0")));
        Assert.Equal(V("3.6.0"), StorageVersionRules.Decide(V("3.6.0"), null));
        Assert.Null(StorageVersionRules.Decide(V("3.6.0"), V("3.6.0")));
        Assert.Null(StorageVersionRules.Decide(null, V("3.6.0")));
        Assert.Null(StorageVersionRules.Decide(V("3.0.0"), V("3.6.0")));
    }

    [Fact]
    public void Test_server_version_override_is_used_only_when_set_and_warns()
    {
        var builtIn = V("3.6.0");
        Assert.Equal(builtIn, TestServerVersion.Resolve(null, builtIn, out var noWarning, out var noError));
        Assert.Null(noWarning);
        Assert.Null(noError);

        Assert.Equal(V("3.5.0"), TestServerVersion.Resolve("3.5.0", builtIn, out var warning, out var error));
        Assert.Null(error);
        Assert.Contains("ENGINE_TEST_SERVER_VERSION", warning);
        Assert.Contains("3.5.0", warning);
    }

    [Fact]
    public void A_malformed_test_server_version_fails_closed()
    {
        TestServerVersion.Resolve("3.5", V("3.6.0"), out var warning, out var error);
        Assert.Null(warning);
        Assert.Contains("'3.5'", error);
        Assert.Contains("ENGINE_TEST_SERVER_VERSION", error);
    }

    [Fact]
    public void Known_peers_has_one_series_per_member_at_1_and_removed_members_at_0()
    {
        var series = KnownPeers.Build(0xa, [0xc, 0xa, 0x1b], [0x7]);
        Assert.Equal(
            [new("a", "a", 1), new("a", "c", 1), new("a", "1b", 1), new("a", "7", 0)],
            series);
        Assert.Empty(KnownPeers.Build(0, [1], []));
    }
}
