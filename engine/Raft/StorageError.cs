namespace Engine.Raft;

/// <summary>The expected failures a raft storage reports (etcd's ErrCompacted, ErrUnavailable, ...).</summary>
public enum StorageError
{
    /// <summary>The requested index is at or below the last snapshot: the entries are gone.</summary>
    Compacted,

    /// <summary>The requested index is past the last entry.</summary>
    Unavailable,

    /// <summary>The snapshot is being built; raft will retry later.</summary>
    SnapshotTemporarilyUnavailable,

    /// <summary>A snapshot older than the current one was offered.</summary>
    SnapshotOutOfDate,
}
