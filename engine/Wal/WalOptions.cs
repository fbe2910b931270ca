namespace Engine.Wal;

/// <summary>Tuning knobs of a <see cref="WriteAheadLog"/>. The defaults are the production settings.</summary>
public sealed class WalOptions
{
    /// <summary>64 MiB, as etcd.</summary>
    public const long DefaultSegmentBytes = 64L * 1024 * 1024;

    /// <summary>Preallocated size of a segment; a cut happens when a batch would not fit. Tests use small values.</summary>
    public long SegmentBytes { get; init; } = DefaultSegmentBytes;

    /// <summary>
    /// Prepare the next segment on a background task (production). When false it is prepared on the
    /// calling thread right after each cut, which keeps the I/O sequence deterministic for crash tests.
    /// </summary>
    public bool PreallocateInBackground { get; init; } = true;

    /// <summary>Largest payload of one record; a larger header length is treated as corruption.</summary>
    public int MaxRecordBytes { get; init; } = 512 * 1024 * 1024;

    /// <summary>
    /// Bytes of zeros written just past a batch when the log's write position reaches never-written space
    /// (0 disables). On ext4 an fdatasync that converts fallocated (unwritten) extents costs a journal
    /// commit; overwriting blocks already written is markedly cheaper, so the log zeroes ahead of itself
    /// once per this many bytes instead of converting extents on every commit.
    /// </summary>
    public int ZeroAheadBytes { get; init; } = 1 << 20;

    internal void Validate()
    {
        if (SegmentBytes < 4096 || SegmentBytes > 1L << 30 || SegmentBytes % 512 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SegmentBytes), SegmentBytes, "segment size must be a multiple of 512 between 4 KiB and 1 GiB");
        }
    }
}
