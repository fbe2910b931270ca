using Engine.Storage.Schema;

namespace Engine.Membership.Versions;

/// <summary>
/// How the cluster version is decided (etcd server/etcdserver/version/monitor.go and downgrade.go, as
/// of #13405): the lowest major.minor among the members' server versions, or, while a downgrade is
/// enabled, the downgrade target. Cluster versions only keep major.minor. Pure functions: the leader
/// calls <see cref="Decide"/> with what it knows and proposes the result through raft.
/// </summary>
public static class ClusterVersionRules
{
    /// <summary>
    /// The lowest server version among <paramref name="memberServerVersions"/>, or null when any member's
    /// version is not known yet (etcd's membersMinimalServerVersion).
    /// </summary>
    public static SemanticVersion? MinimalServerVersion(IEnumerable<SemanticVersion?> memberServerVersions)
    {
        SemanticVersion? minimal = null;
        foreach (var version in memberServerVersions)
        {
            if (version is not SemanticVersion known)
            {
                return null;
            }

            if (minimal is null || known < minimal.Value)
            {
                minimal = known;
            }
        }

        return minimal;
    }

    /// <summary>
    /// The next cluster version (etcd's decideClusterVersion). A new cluster waits until every member's
    /// version is known and then starts at the lowest of them; an enabled downgrade moves the cluster to
    /// its target once the target is one minor below both the current cluster version and the lowest
    /// server version; otherwise the cluster version only rises, within the same major, to the lowest
    /// server version.
    /// </summary>
    public static ClusterVersionDecision Decide(SemanticVersion? current, DowngradeInfoRecord? downgrade, IEnumerable<SemanticVersion?> memberServerVersions)
    {
        var minimal = MinimalServerVersion(memberServerVersions);
        if (minimal is not SemanticVersion lowest)
        {
            return ClusterVersionDecision.Keep;
        }

        if (current is not SemanticVersion cluster)
        {
            return ClusterVersionDecision.MoveTo(lowest);
        }

        if (downgrade is { Enabled: true })
        {
            return DecideDuringDowngrade(cluster.MajorMinor, downgrade, lowest);
        }

        var target = lowest.MajorMinor;
        return cluster.MajorMinor < target && IsValidChange(cluster, target)
            ? ClusterVersionDecision.MoveTo(target)
            : ClusterVersionDecision.Keep;
    }

    /// <summary>
    /// The only downgrade target a cluster at <paramref name="clusterVersion"/> accepts: one minor below
    /// (etcd's allowedDowngradeVersion); null for a x.0 cluster, which cannot be downgraded.
    /// </summary>
    public static SemanticVersion? AllowedDowngradeTarget(SemanticVersion clusterVersion) =>
        clusterVersion.Minor == 0 ? null : new SemanticVersion(clusterVersion.Major, clusterVersion.Minor - 1, 0);

    /// <summary>True when <paramref name="to"/> is exactly the allowed downgrade target of <paramref name="from"/>.</summary>
    public static bool IsValidDowngrade(SemanticVersion from, SemanticVersion to) =>
        AllowedDowngradeTarget(from) is SemanticVersion allowed && allowed == to.MajorMinor && to.PreRelease.Length == 0;

    /// <summary>
    /// etcd's IsValidClusterVersionChange: a one-minor downgrade, or a rise within the same major.
    /// </summary>
    public static bool IsValidChange(SemanticVersion from, SemanticVersion to)
    {
        var a = from.MajorMinor;
        var b = to.MajorMinor;
        return IsValidDowngrade(a, b) || (a.Major == b.Major && a < b);
    }

    private static ClusterVersionDecision DecideDuringDowngrade(SemanticVersion cluster, DowngradeInfoRecord downgrade, SemanticVersion lowest)
    {
        if (!SemanticVersion.TryParse(downgrade.TargetVersion, out var target))
        {
            return ClusterVersionDecision.Refuse($"the downgrade target '{downgrade.TargetVersion}' is not a version");
        }

        if (target.MajorMinor == cluster)
        {
            return ClusterVersionDecision.Keep;
        }

        if (!IsValidDowngrade(cluster, target))
        {
            return ClusterVersionDecision.Refuse($"cannot downgrade from cluster version {cluster.ClusterText} to downgrade target {target.ClusterText}");
        }

        if (!IsValidDowngrade(lowest, target))
        {
            return ClusterVersionDecision.Refuse($"cannot downgrade from minimal server version {lowest} to downgrade target {target.ClusterText}");
        }

        return ClusterVersionDecision.MoveTo(target);
    }
}
