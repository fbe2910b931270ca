namespace Engine.Storage.Backend;

/// <summary>
/// The NOSPACE condition: a mutating request would take the db past its quota (etcd's
/// "mvcc: database space exceeded"). Reads, deletes, compaction and defragment still work.
/// </summary>
public sealed class DatabaseSpaceExceededException : Exception
{
    public DatabaseSpaceExceededException(long size, long cost, long quota)
        : base($"mvcc: database space exceeded (size {size} + cost {cost} >= quota {quota})")
    {
        Size = size;
        Cost = cost;
        Quota = quota;
    }

    public long Size { get; }

    public long Cost { get; }

    public long Quota { get; }
}
