namespace Engine.Server.Maintenance;

/// <summary>The versions Engine reports: the etcd API version it is compatible with, and its own.</summary>
public static class BuildInfo
{
    /// <summary>The etcd server version whose v3 API Engine speaks (reported as <c>etcdserver</c>).</summary>
    public const string ServerVersion = "3.6.0";

    /// <summary>The cluster version (the lowest server version among members; one node for now).</summary>
    public const string ClusterVersion = "3.6.0";

    /// <summary>The storage (schema) version of the db file.</summary>
    public const string StorageVersion = "3.6.0";

    /// <summary>Engine's own release.</summary>
    public const string EngineVersion = "0.1.0";
}
