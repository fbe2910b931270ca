using System.Text;
using Engine.Storage.Backend;
using Engine.Storage.Schema;

namespace Engine.Membership.Versions;

/// <summary>
/// The cluster version and the downgrade job, kept in memory and persisted in the <c>cluster</c> bucket
/// (<c>clusterVersion</c>, <c>downgrade</c>), plus this member's storage version (meta <c>storageVersion</c>).
/// The cluster version and the downgrade job change only by applying raft entries (ClusterVersionSet,
/// DowngradeInfoSet) under the backend batch lock, in the same transaction as the entry's consistent
/// index; the storage version is local and follows the cluster version. Thread-safe for readers.
/// </summary>
public sealed class ClusterVersionStore
{
    private readonly object _gate = new();
    private SemanticVersion? _clusterVersion;
    private DowngradeInfoRecord _downgrade = DowngradeRules.Cancelled;
    private SemanticVersion? _storageVersion;

    /// <summary>Raised (on the writer's thread, outside the lock) after the cluster version changed: (old, new).</summary>
    public event Action<SemanticVersion?, SemanticVersion>? ClusterVersionChanged;

    /// <summary>Loads what <paramref name="backend"/> holds; absent keys mean "not decided" and "no job".</summary>
    public static ClusterVersionStore Load(Backend backend)
    {
        var store = new ClusterVersionStore();
        using var read = backend.ConcurrentReadTx();
        if (read.TryGet(Buckets.Cluster, MetaKeys.ClusterVersion, out var cluster))
        {
            store._clusterVersion = ParseStored(cluster, "cluster clusterVersion");
        }

        if (read.TryGet(Buckets.Cluster, MetaKeys.Downgrade, out var downgrade))
        {
            store._downgrade = DowngradeCodec.Decode(downgrade);
        }

        if (read.TryGet(Buckets.Meta, MetaKeys.StorageVersion, out var storage))
        {
            store._storageVersion = ParseStored(storage, "meta storageVersion");
        }

        return store;
    }

    /// <summary>The decided cluster version (major.minor.0), or null before the first ClusterVersionSet.</summary>
    public SemanticVersion? ClusterVersion
    {
        get
        {
            lock (_gate)
            {
                return _clusterVersion;
            }
        }
    }

    /// <summary>The downgrade job; <c>{"", false}</c> when there is none.</summary>
    public DowngradeInfoRecord Downgrade
    {
        get
        {
            lock (_gate)
            {
                return _downgrade;
            }
        }
    }

    /// <summary>This member's storage version (meta <c>storageVersion</c>), or null when never written.</summary>
    public SemanticVersion? StorageVersion
    {
        get
        {
            lock (_gate)
            {
                return _storageVersion;
            }
        }
    }

    /// <summary>Applies ClusterVersionSet (caller holds the backend batch lock). Only major.minor is kept.</summary>
    public void SetClusterVersionLocked(BatchTx tx, SemanticVersion version)
    {
        var kept = version.MajorMinor;
        tx.PutLocked(Buckets.Cluster, MetaKeys.ClusterVersion, Encoding.ASCII.GetBytes(kept.ToString()));
        SemanticVersion? old;
        lock (_gate)
        {
            old = _clusterVersion;
            _clusterVersion = kept;
        }

        if (old != kept)
        {
            ClusterVersionChanged?.Invoke(old, kept);
        }
    }

    /// <summary>Applies DowngradeInfoSet (caller holds the backend batch lock).</summary>
    public void SetDowngradeLocked(BatchTx tx, DowngradeInfoRecord downgrade)
    {
        tx.PutLocked(Buckets.Cluster, MetaKeys.Downgrade, DowngradeCodec.Encode(downgrade));
        lock (_gate)
        {
            _downgrade = downgrade;
        }
    }

    /// <summary>
    /// Writes this member's storage version (meta <c>storageVersion</c>, "major.minor.0"), taking the batch
    /// lock itself. Local, not replicated: Hash ignores it, and the monitor writes it again after a crash.
    /// </summary>
    public void SetStorageVersion(BatchTx tx, SemanticVersion version)
    {
        var kept = version.MajorMinor;
        tx.Lock();
        try
        {
            tx.PutLocked(Buckets.Meta, MetaKeys.StorageVersion, MetaCodec.EncodeStorageVersion(kept.Major, kept.Minor));
            lock (_gate)
            {
                _storageVersion = kept;
            }
        }
        finally
        {
            tx.Unlock();
        }
    }

    private static SemanticVersion ParseStored(ReadOnlySpan<byte> value, string what)
    {
        string text = Encoding.ASCII.GetString(value);
        return SemanticVersion.TryParse(text, out var version)
            ? version
            : throw new FormatException($"{what} holds '{text}', which is not a major.minor.patch version (the db is damaged)");
    }
}
