using Engine.Storage.BTree;

namespace Engine.Storage.Backend;

/// <summary>Tuning of a <see cref="Backend"/>; defaults are etcd's.</summary>
public sealed class BackendOptions
{
    /// <summary>etcd's default --quota-backend-bytes (2 GiB).</summary>
    public const long DefaultQuotaBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>Commit the batch on this period when anything is pending (--backend-batch-interval). Zero or negative: no timer.</summary>
    public TimeSpan BatchInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Commit when this many puts/deletes are pending (--backend-batch-limit).</summary>
    public int BatchLimit { get; init; } = 10_000;

    /// <summary>Space quota in bytes (--quota-backend-bytes); 0 means <see cref="DefaultQuotaBytes"/>.</summary>
    public long QuotaBytes { get; init; }

    /// <summary>Options passed to the B+tree (page size, map size...).</summary>
    public BTreeOptions? Tree { get; init; }

    internal long EffectiveQuotaBytes => QuotaBytes > 0 ? QuotaBytes : DefaultQuotaBytes;
}
