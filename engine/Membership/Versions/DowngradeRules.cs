using Engine.Protocol;
using Engine.Storage.Schema;

namespace Engine.Membership.Versions;

/// <summary>
/// etcd's downgrade job rules (server/etcdserver/version/version.go Manager, v3_server.go Downgrade,
/// monitor.go CancelDowngradeIfNeeded) with etcd's error texts. One job at a time; the only target is
/// the cluster version minus one minor; the job ends by itself once every member runs the target.
/// </summary>
public static class DowngradeRules
{
    /// <summary>
    /// Reads a requested target as etcd's convertToClusterVersion: "3.5", "3.5.1" and "v3.5.0" all mean
    /// 3.5.0 (only major.minor is kept); anything else is <c>wrong downgrade target version format</c>.
    /// Null when <paramref name="target"/> was read.
    /// </summary>
    public static EtcdError? ParseTarget(string? text, out SemanticVersion target)
    {
        if (SemanticVersion.TryParseLenient(text, out var version) || SemanticVersion.TryParseLenient(text + ".0", out version))
        {
            target = version.MajorMinor;
            return null;
        }

        target = default;
        return EtcdErrors.WrongDowngradeVersionFormat;
    }

    /// <summary>
    /// VALIDATE (and the check before ENABLE): the cluster version must be known, the target must be
    /// exactly one minor below it, and no job may be enabled. Null when the downgrade may start.
    /// </summary>
    public static EtcdError? Validate(SemanticVersion? clusterVersion, DowngradeInfoRecord? job, SemanticVersion target)
    {
        if (clusterVersion is not SemanticVersion cluster)
        {
            return EtcdErrors.ClusterVersionUnavailable;
        }

        if (!ClusterVersionRules.IsValidDowngrade(cluster, target))
        {
            return EtcdErrors.InvalidDowngradeTargetVersion;
        }

        return job is { Enabled: true } ? EtcdErrors.DowngradeInProcess : null;
    }

    /// <summary>CANCEL: only an enabled job can be cancelled.</summary>
    public static EtcdError? ValidateCancel(DowngradeInfoRecord? job) =>
        job is { Enabled: true } ? null : EtcdErrors.NoInflightDowngrade;

    /// <summary>The record ENABLE proposes (etcd's DowngradeInfoSetRequest{enabled:true, ver}).</summary>
    public static DowngradeInfoRecord Enabled(SemanticVersion target) => new(target.MajorMinor.ToString(), true);

    /// <summary>The record CANCEL proposes (etcd's DowngradeInfoSetRequest{enabled:false}).</summary>
    public static DowngradeInfoRecord Cancelled { get; } = new("", false);

    /// <summary>
    /// True when the leader should cancel the enabled job by itself: every member's server version is
    /// known and its major.minor equals the target (etcd's versionsMatchTarget).
    /// </summary>
    public static bool IsFinished(DowngradeInfoRecord? job, IEnumerable<SemanticVersion?> memberServerVersions)
    {
        if (job is not { Enabled: true } || !SemanticVersion.TryParse(job.TargetVersion, out var target))
        {
            return false;
        }

        bool any = false;
        foreach (var version in memberServerVersions)
        {
            if (version is not SemanticVersion known || known.MajorMinor != target.MajorMinor)
            {
                return false;
            }

            any = true;
        }

        return any;
    }
}
