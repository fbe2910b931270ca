namespace Engine.Membership.Versions;

/// <summary>
/// The storage version (meta <c>storageVersion</c>) follows the cluster version's major.minor on every
/// member (etcd's monitor UpdateStorageVersionIfNeeded): lowered when a downgrade moves the cluster
/// version, raised again after an upgrade.
/// </summary>
public static class StorageVersionRules
{
    /// <summary>
    /// The storage version to write, or null to leave <paramref name="storageVersion"/> as it is (the
    /// cluster version is not decided, is etcd's placeholder 3.0, or already matches).
    /// </summary>
    public static SemanticVersion? Decide(SemanticVersion? clusterVersion, SemanticVersion? storageVersion)
    {
        if (clusterVersion is not SemanticVersion cluster || cluster.MajorMinor == SemanticVersion.MinClusterVersion)
        {
            return null;
        }

        return storageVersion is SemanticVersion stored && stored.MajorMinor == cluster.MajorMinor ? null : cluster.MajorMinor;
    }
}
