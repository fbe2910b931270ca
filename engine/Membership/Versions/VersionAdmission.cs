namespace Engine.Membership.Versions;

/// <summary>
/// Who may serve a cluster (etcd's MustDetectDowngrade after #13405 "Depend only on cluster version to
/// detect downgrade"): a server whose major.minor is not below the cluster version. The downgrade job
/// plays no part: while one is enabled the cluster version already is its target, so a member that
/// restarts with either the old or the target version is admitted.
/// </summary>
public static class VersionAdmission
{
    /// <summary>
    /// Null when a server at <paramref name="serverVersion"/> may start on (or join) a cluster at
    /// <paramref name="clusterVersion"/> (an undecided cluster version admits anyone); otherwise the
    /// refusal, naming both versions.
    /// </summary>
    public static string? Check(SemanticVersion serverVersion, SemanticVersion? clusterVersion)
    {
        if (clusterVersion is not SemanticVersion cluster || serverVersion.MajorMinor >= cluster.MajorMinor)
        {
            return null;
        }

        return $"invalid downgrade; server version {serverVersion} is lower than determined cluster version {cluster.ClusterText}"
            + $" (a {serverVersion.ClusterText} server cannot serve a {cluster.ClusterText} cluster; start a server of version {cluster.ClusterText} or later)";
    }
}
