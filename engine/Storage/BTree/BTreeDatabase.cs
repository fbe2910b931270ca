using Engine.Common;
using Engine.Common.Errors;
using Engine.Common.IO;
using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// A single-file, memory-mapped, copy-on-write B+tree of buckets (each a sorted byte-key map addressed by
/// a small integer id). One writer at a time, any number of snapshot readers that never block. A commit is
/// durable when it returns; a failed write or fsync latches the database failed. See FORMAT.md.
/// </summary>
public sealed unsafe class BTreeDatabase : IDisposable
{
    private readonly IStorageFile _file;
    private readonly BTreeOptions _options;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly object _gate = new();
    private readonly Dictionary<ulong, int> _readers = new();
    private readonly PageBufferPool _pageBuffers;
    private readonly PageWriteBatcher _batcher;
    private MetaState _meta;
    private MapLease _lease;
    private volatile bool _failed;
    private bool _disposed;

    private BTreeDatabase(IStorageFile file, BTreeOptions options, MetaState meta, MapLease lease, IFreelist freelist)
    {
        _file = file;
        _options = options;
        _meta = meta;
        _lease = lease;
        Freelist = freelist;
        PageSize = options.PageSize;
        _pageBuffers = new PageBufferPool(PageSize);
        _batcher = new PageWriteBatcher(file, PageSize);
        Verifier = new PageVerifier(options.VerifyPagesOnRead, lease.Capacity / PageSize);
        Path = file.Path;
    }

    public string Path { get; }

    public int PageSize { get; }

    /// <summary>Bytes of the data file.</summary>
    public long FileSize => _file.Length;

    /// <summary>Free (and pending) pages × page size, plus any file tail past the high-water mark.</summary>
    public long FreeBytes
    {
        get
        {
            lock (_gate)
            {
                long tail = Math.Max(0, _file.Length / PageSize - (long)_meta.HighWater);
                return (Freelist.FreeCount + Freelist.PendingCount + tail) * PageSize;
            }
        }
    }

    public bool IsFailed => _failed;

    /// <summary>
    /// Null when open used the newest meta; otherwise why the newest commit did not verify (a commit torn by
    /// a crash, or a damaged page of it) and open fell back to the previous commit.
    /// </summary>
    public string? FallbackReason { get; private init; }

    /// <summary>Id of the last committed transaction.</summary>
    public long LastCommittedTxid => (long)Volatile.Read(ref _meta).Txid;

    /// <summary>How many fdatasyncs one commit performs (for benchmark reports).</summary>
    public int SyncsPerCommit => _options.SyncTwicePerCommit ? 2 : 1;

    /// <summary>See <see cref="BTreeOptions.GuardSpans"/>.</summary>
    internal bool GuardSpans => _options.GuardSpans;

    internal IFreelist Freelist { get; }

    internal PageVerifier Verifier { get; }

    public static BTreeDatabase Open(IFileSystem fs, string path, BTreeOptions? options = null)
    {
        options ??= new BTreeOptions();
        int pageSize = options.PageSize;
        if (pageSize < 1024 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), pageSize, "page size must be a power of two in 1 KiB..64 KiB");
        }

        var file = fs.Open(path, create: true);
        try
        {
            if (!file.TryLock())
            {
                throw new IOException($"{path} is locked by another process");
            }

            var (meta, lease, freelist, fallback) = DatabaseOpener.OpenOrCreate(fs, file, options);
            return new BTreeDatabase(file, options, meta, lease, freelist) { FallbackReason = fallback };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public ReadTransaction BeginRead()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var meta = _meta;
            var lease = _lease.Acquire();
            _readers[meta.Txid] = _readers.GetValueOrDefault(meta.Txid) + 1;
            return new ReadTransaction(this, meta, lease, meta.Txid);
        }
    }

    public WriteTransaction BeginWrite()
    {
        _writer.Wait();
        try
        {
            ThrowIfFailed();
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return new WriteTransaction(this, _meta, _lease.Acquire());
            }
        }
        catch
        {
            _writer.Release();
            throw;
        }
    }

    /// <summary>Structural check of the current snapshot; empty when the file is sound.</summary>
    public IReadOnlyList<string> Check()
    {
        using var tx = BeginRead();
        return new TreeChecker(tx, FileSize).Run();
    }

    public void CopyTo(Stream destination, Action<long, long>? progress = null)
    {
        using var tx = BeginRead();
        DatabaseCopier.CopyTo(tx, destination, progress);
    }

    public void CompactTo(IFileSystem fs, string destinationPath, Action<long, long>? progress = null)
    {
        using var tx = BeginRead();
        DatabaseCopier.CompactTo(tx, fs, destinationPath, _options, progress, FileSize - FreeBytes);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _lease.Release();
        }

        _file.Dispose();
    }

    internal void ThrowIfFailed()
    {
        if (_failed)
        {
            throw new EngineFatalException($"{Path}: the database failed after an I/O error and refuses writes; reopen it");
        }
    }

    internal byte[] RentPageBuffer(int pages) => _pageBuffers.Rent(pages);

    internal void EndRead(ReadTransaction tx)
    {
        lock (_gate)
        {
            int left = _readers[tx.TxId] - 1;
            if (left == 0)
            {
                _readers.Remove(tx.TxId);
            }
            else
            {
                _readers[tx.TxId] = left;
            }
        }

        tx.Lease.Release();
    }

    internal void EndWrite(WriteTransaction tx)
    {
        tx.Lease.Release();
        _writer.Release();
    }

    internal void VerifyPage(byte* page, ulong pageId, ulong highWater)
    {
        string? problem = PageChecks.Verify(page, pageId, highWater, PageSize);
        if (problem is not null)
        {
            throw new EngineFatalException($"page {pageId}: {problem}; the file is corrupt");
        }

        Verifier.MarkVerified(pageId);
    }

    /// <summary>Commit recipe: release pages no reader sees, spill, persist the freelist, write, fdatasync, publish.</summary>
    internal void CommitTransaction(WriteTransaction tx)
    {
        try
        {
            Freelist.Release(OldestReader(tx.Meta.Txid));
            ulong directoryRoot = tx.SpillAll();
            tx.FreedRuns.Add(new PageRun(tx.Meta.CommitPage, tx.Meta.CommitPages));
            foreach (var run in tx.FreedRuns)
            {
                Freelist.Free(tx.TxId, run);
            }

            var (commitPage, commitBuffer) = CommitPageWriter.Build(tx, Freelist);
            var meta = new MetaState(tx.TxId, directoryRoot, commitPage, (uint)(commitBuffer.Length / PageSize), tx.HighWater);
            WritePages(tx.DirtyPages, commitPage, commitBuffer, meta);
            Publish(meta);
        }
        catch (Exception e) when (e is not EngineFatalException)
        {
            _failed = true;
            throw new EngineFatalException($"{Path}: commit of transaction {tx.TxId} failed; the database is latched failed", e);
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    private ulong OldestReader(ulong fallback)
    {
        lock (_gate)
        {
            ulong oldest = fallback;
            foreach (ulong txid in _readers.Keys)
            {
                oldest = Math.Min(oldest, txid);
            }

            return oldest;
        }
    }

    private void WritePages(IReadOnlyList<DirtyPage> dirty, ulong commitPage, byte[] commitBuffer, MetaState meta)
    {
        var sorted = new List<DirtyPage>(dirty);
        sorted.Sort(static (a, b) => a.PageId.CompareTo(b.PageId));
        _batcher.Write(sorted);
        _file.Write((long)commitPage * PageSize, commitBuffer);
        if (_options.SyncTwicePerCommit)
        {
            _file.DataSync();
        }

        var metaPage = MetaPages.Build(meta, PageSize);
        _file.Write((long)(meta.Txid % 2) * PageSize, metaPage);
        _file.DataSync();
        foreach (var page in sorted)
        {
            Verifier.MarkVerified(page.PageId);
        }

        Verifier.MarkVerified(commitPage);
        _pageBuffers.Return(sorted);
    }

    private void Publish(MetaState meta)
    {
        long needed = (long)meta.HighWater * PageSize;
        lock (_gate)
        {
            if (needed > _lease.Capacity)
            {
                long capacity = _lease.Capacity;
                while (capacity < needed)
                {
                    capacity = capacity < (1L << 30) ? capacity * 2 : capacity + (1L << 30);
                }

                var bigger = new MapLease(_file.Map(capacity));
                Verifier.Grow(capacity / PageSize);
                _lease.Release();
                _lease = bigger;
            }

            _meta = meta;
        }
    }
}
