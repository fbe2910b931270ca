namespace Engine.Storage.BTree;

/// <summary>Options of <see cref="BTreeDatabase.Open"/>. The defaults are the durable production settings.</summary>
public sealed class BTreeOptions
{
    /// <summary>Size of a page in bytes (a power of two, 1 KiB..64 KiB). Must match an existing file's.</summary>
    public int PageSize { get; init; } = 4096;

    /// <summary>
    /// Use-after-transaction detection: spans handed out by TryGet and cursors point at copies that are
    /// overwritten with 0xDD when their transaction ends, so code that keeps a span too long reads poison
    /// instead of silently reading pages a later commit may reuse. On by default in Debug builds (copies
    /// cost time), off in Release.
    /// </summary>
    public bool GuardSpans { get; init; } = DefaultGuardSpans;

#if DEBUG
    private const bool DefaultGuardSpans = true;
#else
    private const bool DefaultGuardSpans = false;
#endif

    /// <summary>Address space reserved by the first memory map (the file itself grows only as pages are written).</summary>
    public long InitialMapSize { get; init; } = 1L << 30;

    /// <summary>Verify each page's checksum the first time a reader touches it (a corrupt page is never read as data).</summary>
    public bool VerifyPagesOnRead { get; init; } = true;

    /// <summary>
    /// Two fdatasyncs per commit (pages, then meta) like bbolt and LMDB, instead of the default single
    /// fdatasync whose meta names the pages of its commit so open can verify them.
    /// </summary>
    public bool SyncTwicePerCommit { get; init; }
}
