namespace Engine.Storage.Schema;

/// <summary>
/// The key names stored in the <c>meta</c>, <c>cluster</c> and <c>auth</c> buckets, byte for byte as etcd
/// names them (see FORMAT.md for each value's encoding). Frozen: names may only ever be added.
/// </summary>
public static class MetaKeys
{
    /// <summary>meta: index of the last applied raft entry, 8-byte big-endian.</summary>
    public static ReadOnlySpan<byte> ConsistentIndex => "consistent_index"u8;

    /// <summary>meta: term of the last applied raft entry, 8-byte big-endian.</summary>
    public static ReadOnlySpan<byte> Term => "term"u8;

    /// <summary>meta: raft ConfState after the last applied entry, JSON.</summary>
    public static ReadOnlySpan<byte> ConfState => "confState"u8;

    /// <summary>meta: revision of a compaction that was scheduled (17-byte revision).</summary>
    public static ReadOnlySpan<byte> ScheduledCompactRevision => "scheduledCompactRev"u8;

    /// <summary>meta: revision of the last compaction that finished (17-byte revision).</summary>
    public static ReadOnlySpan<byte> FinishedCompactRevision => "finishedCompactRev"u8;

    /// <summary>meta: storage schema version, "major.minor.0" ASCII.</summary>
    public static ReadOnlySpan<byte> StorageVersion => "storageVersion"u8;

    /// <summary>cluster: the cluster version, "major.minor.patch" ASCII.</summary>
    public static ReadOnlySpan<byte> ClusterVersion => "clusterVersion"u8;

    /// <summary>cluster: the downgrade job, JSON <c>{"target-version":"3.5.0","enabled":true}</c>.</summary>
    public static ReadOnlySpan<byte> Downgrade => "downgrade"u8;

    /// <summary>auth: whether auth is enabled, one byte 0 or 1.</summary>
    public static ReadOnlySpan<byte> AuthEnabled => "authEnabled"u8;

    /// <summary>auth: the auth store revision, 8-byte big-endian.</summary>
    public static ReadOnlySpan<byte> AuthRevision => "authRevision"u8;

    /// <summary>
    /// True for meta keys that Hash ignores (etcd's DefaultIgnores): consistent_index, term and storageVersion
    /// differ between members holding the same data.
    /// </summary>
    public static bool IsIgnoredByHash(Bucket bucket, ReadOnlySpan<byte> key) =>
        bucket.Id == Buckets.Meta.Id && (key.SequenceEqual(ConsistentIndex) || key.SequenceEqual(Term) || key.SequenceEqual(StorageVersion));
}
