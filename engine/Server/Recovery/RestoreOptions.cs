namespace Engine.Server.Recovery;

/// <summary>The flags of <c>engine tool snapshot restore</c> (etcdutl snapshot restore's).</summary>
public sealed record RestoreOptions
{
    /// <summary>The snapshot file: a db followed by its SHA-256 (<c>snapshot save</c>), or a raw db with <see cref="SkipHashCheck"/>.</summary>
    public required string SnapshotPath { get; init; }

    /// <summary>The data directory to create; it must not exist or be empty.</summary>
    public required string DataDir { get; init; }

    public required string Name { get; init; }

    /// <summary>The new cluster, <c>name=peer-url,...</c>; empty means this member alone (<c>name=advertise-peer-urls</c>).</summary>
    public string InitialCluster { get; init; } = "";

    public string InitialClusterToken { get; init; } = "engine-cluster";

    /// <summary>This member's peer URLs, comma separated; they must be its URLs in the initial cluster.</summary>
    public required string InitialAdvertisePeerUrls { get; init; }

    /// <summary>Accept a file without a SHA-256 trailer (a db copied out of a data dir); a trailer present is not checked.</summary>
    public bool SkipHashCheck { get; init; }

    /// <summary>etcd 3.5.12+ <c>--bump-revision</c>: the next write gets a revision this much above the snapshot's latest.</summary>
    public long BumpRevision { get; init; }

    /// <summary>etcd 3.5.12+ <c>--mark-compacted</c>: every revision up to the bumped one reads as compacted.</summary>
    public bool MarkCompacted { get; init; }

    /// <summary>The initial cluster with the single-member default filled in.</summary>
    public string EffectiveInitialCluster =>
        string.IsNullOrWhiteSpace(InitialCluster)
            ? string.Join(",", InitialAdvertisePeerUrls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => $"{Name}={u}"))
            : InitialCluster;
}
