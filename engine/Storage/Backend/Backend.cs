using Engine.Common.Errors;
using Engine.Common.IO;
using Engine.Storage.BTree;
using Engine.Storage.Schema;

namespace Engine.Storage.Backend;

/// <summary>
/// etcd's backend over our B+tree: one db file holding the fixed bucket catalogue, a batched long-lived write
/// transaction (<see cref="BatchTx"/>), concurrent read views that see the uncommitted batch
/// (<see cref="ConcurrentReadTx"/>), and maintenance: size, hash, online defragment, snapshot, quota.
/// Every commit carries the applied raft state, so the file alone is a raft point in time.
/// Thread model: any number of readers; writers serialise on the batch lock; a background thread commits on
/// the batch interval. After an I/O failure the backend latches failed and refuses further writes.
/// </summary>
public sealed class Backend : IDisposable
{
    internal const string DefragSuffix = ".defrag";

    private readonly IFileSystem _fs;
    private readonly string _path;
    private readonly BackendOptions _options;
    private readonly object _readGate = new();
    private readonly object _maintenanceGate = new();
    private readonly BufferSet _readBuffer = new();
    private readonly Thread? _committer;
    private readonly ManualResetEventSlim _stop = new(false);
    private volatile BTreeDatabase _db;
    private BufferSet? _readBufferSnapshot;
    private int _activeReaders;
    private bool _swapping;
    private bool _closed;
    private volatile bool _failed;
    private bool _disposed;
    private int _noSpace;

    private Backend(IFileSystem fs, string path, BackendOptions options, BTreeDatabase db)
    {
        _fs = fs;
        _path = path;
        _options = options;
        _db = db;
        BatchTx = new BatchTx(this, options.BatchLimit);
        if (options.BatchInterval > TimeSpan.Zero && options.BatchInterval != Timeout.InfiniteTimeSpan)
        {
            _committer = new Thread(CommitLoop) { IsBackground = true, Name = "backend-batch-commit" };
        }
    }

    /// <summary>Raised (once per episode) when a quota check fails; the server turns it into a NOSPACE alarm.</summary>
    public event Action? NoSpace;

    /// <summary>The one long-lived write transaction.</summary>
    public BatchTx BatchTx { get; }

    /// <summary>Bytes of the db file (etcd's dbSize).</summary>
    public long Size => _db.FileSize;

    /// <summary>Bytes in use: file size minus free pages (etcd's dbSizeInUse).</summary>
    public long SizeInUse => _db.FileSize - _db.FreeBytes;

    /// <summary>The space quota in bytes.</summary>
    public long QuotaBytes => _options.EffectiveQuotaBytes;

    /// <summary>True once a quota check has failed and until <see cref="DisarmNoSpace"/>.</summary>
    public bool IsNoSpace => Volatile.Read(ref _noSpace) != 0;

    /// <summary>True after an I/O failure: the backend refuses writes and must be reopened.</summary>
    public bool IsFailed => _failed;

    /// <summary>
    /// Opens (creating if missing) the db at <paramref name="path"/>, creates every catalogue bucket, removes a
    /// leftover defragment copy, and starts the batch-interval commit timer.
    /// </summary>
    public static Backend Open(IFileSystem fs, string path, BackendOptions? options = null)
    {
        options ??= new BackendOptions();
        if (options.BatchLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "BatchLimit must be at least 1");
        }

        RemoveLeftoverDefragCopy(fs, path);
        var db = BTreeDatabase.Open(fs, path, options.Tree);
        try
        {
            CreateCatalogue(db);
            var backend = new Backend(fs, path, options, db);
            backend.BatchTx.InitialiseAppliedState(ReadAppliedState(db));
            backend.BatchTx.Begin(db);
            backend._committer?.Start();
            return backend;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A read view of the committed tree plus the batch's published writes. Never blocks the writer; blocks only
    /// while a defragment swaps files. Dispose it promptly: a defragment swap waits for open views.
    /// </summary>
    public ReadTx ConcurrentReadTx()
    {
        lock (_readGate)
        {
            var db = PinLocked();
            try
            {
                var tree = db.BeginRead();
                _readBufferSnapshot ??= _readBuffer.Snapshot();
                return new ReadTx(this, tree, _readBufferSnapshot);
            }
            catch
            {
                ReleaseReaderLocked();
                throw;
            }
        }
    }

    /// <summary>Commits the batch now (durable when it returns) and begins a new one.</summary>
    public void ForceCommit()
    {
        BatchTx.Lock();
        try
        {
            BatchTx.CommitLocked(reopen: true);
        }
        finally
        {
            BatchTx.Unlock();
        }
    }

    /// <summary>The applied raft state as last committed to the file.</summary>
    public AppliedState ReadAppliedState()
    {
        var db = Pin();
        try
        {
            return ReadAppliedState(db);
        }
        finally
        {
            ReleaseReader();
        }
    }

    /// <summary>
    /// CRC-32C over every bucket (name bytes order): name, then keys and values in key order, ignoring meta
    /// consistent_index, term and storageVersion. Commits the batch first so the hash covers every write.
    /// </summary>
    public uint Hash()
    {
        ForceCommit();
        var db = Pin();
        try
        {
            using var tx = db.BeginRead();
            return BackendHash.Compute(tx);
        }
        finally
        {
            ReleaseReader();
        }
    }

    /// <summary>Structural check of the db file (empty = OK), after committing the batch.</summary>
    public IReadOnlyList<string> Check()
    {
        ForceCommit();
        var db = Pin();
        try
        {
            return db.Check();
        }
        finally
        {
            ReleaseReader();
        }
    }

    /// <summary>
    /// Writes a consistent copy of the whole db file (the batch committed first) to <paramref name="destination"/>:
    /// for <c>snapshot save</c> and for sending a snapshot to a follower. Writers are not blocked.
    /// </summary>
    public void Snapshot(Stream destination, Action<long, long>? progress = null)
    {
        ForceCommit();
        var db = Pin();
        try
        {
            db.CopyTo(destination, progress);
        }
        finally
        {
            ReleaseReader();
        }
    }

    /// <summary>
    /// Online defragment: copies the live data into <c>path.defrag</c> while reads and writes continue (writes
    /// made meanwhile are journalled), then, holding the batch lock and with readers drained, replays the journal
    /// onto the copy, commits it, renames it over the db, syncs the directory and reopens. The original file
    /// stays authoritative until the rename is durable, so a crash at any step loses nothing that was committed.
    /// </summary>
    public void Defragment(Action<long, long>? copyProgress = null)
    {
        lock (_maintenanceGate)
        {
            new Defragmenter(this, _fs, _path, _options.Tree).Run(copyProgress);
        }
    }

    /// <summary>True when a write costing <paramref name="cost"/> bytes fits the quota (etcd: size + cost &lt; quota).</summary>
    public bool IsQuotaAvailable(long cost) => cost <= 0 || Size + cost < QuotaBytes;

    /// <summary>
    /// The quota check before a mutating request: throws <see cref="DatabaseSpaceExceededException"/> and raises
    /// the NOSPACE condition (<see cref="IsNoSpace"/>, <see cref="NoSpace"/>) when it does not fit.
    /// </summary>
    public void CheckQuota(long cost)
    {
        if (IsQuotaAvailable(cost))
        {
            return;
        }

        if (Interlocked.Exchange(ref _noSpace, 1) == 0)
        {
            NoSpace?.Invoke();
        }

        throw new DatabaseSpaceExceededException(Size, cost, QuotaBytes);
    }

    /// <summary>Clears the NOSPACE condition (alarm disarm after compaction and defragment).</summary>
    public void DisarmNoSpace() => Volatile.Write(ref _noSpace, 0);

    /// <summary>Commits the pending batch (unless failed), stops the timer, waits for read views, closes the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _stop.Set();
        _committer?.Join();
        BatchTx.Lock();
        try
        {
            _disposed = true;
            if (!_failed)
            {
                BatchTx.CommitLocked(reopen: false);
            }
        }
        catch (EngineFatalException)
        {
            // Latched failed by the commit; the file keeps its last durable state.
        }
        finally
        {
            BatchTx.AbandonLocked();
            BatchTx.Unlock();
            CloseAfterReaders();
        }
    }

    internal bool IsDisposed => _disposed;

    internal void ThrowIfFailed()
    {
        if (_failed)
        {
            throw new EngineFatalException("the backend failed earlier and refuses further writes");
        }
    }

    internal EngineFatalException Fail(string message, Exception cause)
    {
        _failed = true;
        return cause as EngineFatalException ?? new EngineFatalException(message, cause);
    }

    internal WriteTransaction BeginWriteOnCurrentDb() => _db.BeginWrite();

    /// <summary>Publishes a writer's buffered changes to the shared read buffer (called at Unlock).</summary>
    internal void PublishWrites(BufferSet writes)
    {
        if (writes.IsEmpty)
        {
            return;
        }

        lock (_readGate)
        {
            _readBuffer.DrainFrom(writes);
            _readBufferSnapshot = null;
        }
    }

    /// <summary>After a commit: the tree now holds everything the read buffer held.</summary>
    internal void OnCommitted()
    {
        lock (_readGate)
        {
            _readBuffer.Clear();
            _readBufferSnapshot = null;
        }
    }

    internal BTreeDatabase Pin()
    {
        lock (_readGate)
        {
            return PinLocked();
        }
    }

    internal void ReleaseReader()
    {
        lock (_readGate)
        {
            ReleaseReaderLocked();
        }
    }

    /// <summary>Blocks new readers and waits for open ones; the caller swaps the file, then calls <see cref="EndSwap"/>.</summary>
    internal void BeginSwap()
    {
        lock (_readGate)
        {
            _swapping = true;
            while (_activeReaders > 0)
            {
                Monitor.Wait(_readGate);
            }
        }
    }

    internal void EndSwap(BTreeDatabase? replacement)
    {
        lock (_readGate)
        {
            if (replacement is not null)
            {
                _db = replacement;
            }

            _swapping = false;
            Monitor.PulseAll(_readGate);
        }
    }

    internal BTreeDatabase CurrentDb => _db;

    private BTreeDatabase PinLocked()
    {
        while (_swapping && !_closed)
        {
            Monitor.Wait(_readGate);
        }

        ObjectDisposedException.ThrowIf(_closed, this);
        _activeReaders++;
        return _db;
    }

    private void ReleaseReaderLocked()
    {
        _activeReaders--;
        if (_activeReaders == 0)
        {
            Monitor.PulseAll(_readGate);
        }
    }

    private void CloseAfterReaders()
    {
        lock (_readGate)
        {
            _swapping = true;
            while (_activeReaders > 0)
            {
                Monitor.Wait(_readGate);
            }

            _closed = true;
            Monitor.PulseAll(_readGate);
        }

        _db.Dispose();
        _stop.Dispose();
    }

    private void CommitLoop()
    {
        while (!_stop.Wait(_options.BatchInterval))
        {
            BatchTx.Lock();
            try
            {
                if (!_failed && !_disposed && BatchTx.HasPendingLocked)
                {
                    BatchTx.CommitLocked(reopen: true);
                }
            }
            catch (Exception e)
            {
                // Latched: writers see the failure on their next call.
                Fail("batch-interval commit failed", e);
            }
            finally
            {
                BatchTx.Unlock();
            }
        }
    }

    private static void CreateCatalogue(BTreeDatabase db)
    {
        using var tx = db.BeginWrite();
        bool missing = false;
        foreach (var bucket in Buckets.All)
        {
            if (!tx.BucketExists(bucket.Id))
            {
                tx.CreateBucket(bucket.Id);
                missing = true;
            }
        }

        if (missing)
        {
            tx.Commit();
        }
    }

    internal static AppliedState ReadAppliedState(BTreeDatabase db)
    {
        using var tx = db.BeginRead();
        ulong index = 0, term = 0;
        byte[] confState = [];
        if (tx.TryGet(Buckets.Meta.Id, MetaKeys.ConsistentIndex, out var indexBytes))
        {
            index = MetaCodec.DecodeUInt64(indexBytes);
        }

        if (tx.TryGet(Buckets.Meta.Id, MetaKeys.Term, out var termBytes))
        {
            term = MetaCodec.DecodeUInt64(termBytes);
        }

        if (tx.TryGet(Buckets.Meta.Id, MetaKeys.ConfState, out var confBytes))
        {
            confState = confBytes.ToArray();
        }

        return new AppliedState(index, term, confState);
    }

    private static void RemoveLeftoverDefragCopy(IFileSystem fs, string path)
    {
        string copy = path + DefragSuffix;
        if (fs.FileExists(copy))
        {
            fs.DeleteFile(copy);
            fs.SyncDirectory(DirectoryOf(path));
        }
    }

    internal static string DirectoryOf(string path)
    {
        string? directory = System.IO.Path.GetDirectoryName(path);
        return string.IsNullOrEmpty(directory) ? "." : directory;
    }
}
