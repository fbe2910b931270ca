using Engine.Mvcc.Lease;

namespace Engine.Mvcc;

/// <summary>Settings of a <see cref="KvStore"/> (etcd flags named in each doc).</summary>
public sealed class KvStoreOptions
{
    /// <summary>--max-txn-ops: the most compares or operations of one txn branch.</summary>
    public int MaxTxnOps { get; init; } = 128;

    /// <summary>--compaction-batch-limit: revisions deleted per backend batch of a compaction.</summary>
    public int CompactionBatchLimit { get; init; } = 1000;

    /// <summary>--compaction-sleep-interval: pause between two compaction batches.</summary>
    public TimeSpan CompactionSleepInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Run the physical part of a compaction on the thread that ends the write transaction (deterministic tests)
    /// instead of the background compactor.
    /// </summary>
    public bool CompactInline { get; init; }

    /// <summary>
    /// The lessor hook, consulted and informed inside the write transaction (and on open, for every live key with a
    /// lease); null means leases are unknown (any put with a lease fails with <c>requested lease not found</c>).
    /// </summary>
    public ILeaseAttachments? Leases { get; init; }
}
