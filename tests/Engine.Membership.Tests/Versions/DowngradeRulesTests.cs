using Engine.Membership.Versions;
using Engine.Protocol;
using Engine.Storage.Schema;

namespace Engine.Membership.Tests.Versions;

/// <summary>
/// etcd's downgrade job rules and texts: convertToClusterVersion, Manager.DowngradeValidate /
/// DowngradeCancel (server/etcdserver/version/version.go), monitor CancelDowngradeIfNeeded.
/// </summary>
public sealed class DowngradeRulesTests
{
    private static SemanticVersion V(string text) => SemanticVersion.Parse(text);

    [Theory]
    [InlineData("3.5", "3.5.0")]
    [InlineData("3.5.0", "3.5.0")]
    [InlineData("3.5.7", "3.5.0")]
    [InlineData("v3.5.0", "3.5.0")]
    public void Target_keeps_only_major_minor(string text, string expected)
    {
        Assert.Null(DowngradeRules.ParseTarget(text, out var target));
        Assert.Equal(V(expected), target);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("three.five")]
    [InlineData("3.5.0.0")]
    [InlineData("3..5")]
    public void Malformed_target_is_wrong_format_with_etcds_text(string? text)
    {
        var error = DowngradeRules.ParseTarget(text, out _);
        Assert.Same(EtcdErrors.WrongDowngradeVersionFormat, error);
        Assert.Equal("etcdserver: wrong downgrade target version format", error!.Message);
        Assert.Equal(GrpcCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void Validate_accepts_only_the_cluster_version_minus_one_minor()
    {
        Assert.Null(DowngradeRules.Validate(V("3.6.0"), null, V("3.5.0")));
        Assert.Null(DowngradeRules.Validate(V("3.6.0"), new DowngradeInfoRecord("", false), V("3.5.0")));

        foreach (string wrong in new[] { "3.4.0", "3.6.0", "3.7.0", "2.5.0" })
        {
            var error = DowngradeRules.Validate(V("3.6.0"), null, V(wrong));
            Assert.Same(EtcdErrors.InvalidDowngradeTargetVersion, error);
            Assert.Equal("etcdserver: invalid downgrade target version", error!.Message);
        }

        Assert.Same(EtcdErrors.InvalidDowngradeTargetVersion, DowngradeRules.Validate(V("4.0.0"), null, V("3.9.0")));
    }

    [Fact]
    public void Validate_refuses_a_second_job_and_an_undecided_cluster_version()
    {
        var error = DowngradeRules.Validate(V("3.6.0"), new DowngradeInfoRecord("3.5.0", true), V("3.5.0"));
        Assert.Same(EtcdErrors.DowngradeInProcess, error);
        Assert.Equal("etcdserver: cluster has a downgrade job in progress", error!.Message);
        Assert.Equal(GrpcCode.FailedPrecondition, error.Code);

        // etcd checks the target before the job: after the cluster moved to 3.5, ENABLE 3.5 is an invalid target.
        Assert.Same(EtcdErrors.InvalidDowngradeTargetVersion, DowngradeRules.Validate(V("3.5.0"), new DowngradeInfoRecord("3.5.0", true), V("3.5.0")));

        Assert.Same(EtcdErrors.ClusterVersionUnavailable, DowngradeRules.Validate(null, null, V("3.5.0")));
    }

    [Fact]
    public void Cancel_needs_an_enabled_job()
    {
        var error = DowngradeRules.ValidateCancel(null);
        Assert.Same(EtcdErrors.NoInflightDowngrade, error);
        Assert.Equal("etcdserver: no inflight downgrade job", error!.Message);
        Assert.Same(EtcdErrors.NoInflightDowngrade, DowngradeRules.ValidateCancel(new DowngradeInfoRecord("3.5.0", false)));
        Assert.Null(DowngradeRules.ValidateCancel(new DowngradeInfoRecord("3.5.0", true)));
    }

    [Fact]
    public void Enable_and_cancel_records_are_etcds_DowngradeInfoSet_payloads()
    {
        Assert.Equal(new DowngradeInfoRecord("3.5.0", true), DowngradeRules.Enabled(V("3.5.4")));
        Assert.Equal(new DowngradeInfoRecord("", false), DowngradeRules.Cancelled);
    }

    [Fact]
    public void The_job_finishes_when_every_member_runs_the_target_major_minor()
    {
        var job = new DowngradeInfoRecord("3.5.0", true);
        Assert.False(DowngradeRules.IsFinished(job, [V("3.5.0"), V("3.6.0"), V("3.5.2")]));
        Assert.False(DowngradeRules.IsFinished(job, [V("3.5.0"), null, V("3.5.2")]));
        Assert.False(DowngradeRules.IsFinished(job, []));
        Assert.True(DowngradeRules.IsFinished(job, [V("3.5.0"), V("3.5.9"), V("3.5.2")]));
        Assert.False(DowngradeRules.IsFinished(new DowngradeInfoRecord("3.5.0", false), [V("3.5.0")]));
        Assert.False(DowngradeRules.IsFinished(null, [V("3.5.0")]));
    }
}
