using System.Buffers;
using System.Buffers.Binary;
using Engine.Common.Errors;
using Engine.Common.IO;

namespace Engine.Wal;

/// <summary>
/// The segmented write-ahead log: opaque typed records (entries, hard state, snapshot markers, metadata)
/// appended in batches, each batch written with one call and made durable with one fdatasync (group
/// commit). Format in FORMAT.md. One writer thread; not thread-safe. After any write or sync failure
/// the log is latched closed and every later call throws <see cref="EngineFatalException"/>.
/// </summary>
public sealed class WriteAheadLog : IDisposable
{
    private const int HardStateBytes = 24;
    private const int EntryPrefixBytes = 16;

    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly WalOptions _options;
    private readonly SegmentPreallocator _preallocator;
    private readonly List<SegmentName> _segments;
    private IStorageFile _tail;
    private long _tailOffset;
    private long _tailZeroedEnd;
    private long _tailCapacity;
    private static readonly byte[] Zeros = new byte[1 << 20];
    private const int FirstZeroAheadBytes = 64 * 1024;
    private bool _tailHasBatches;
    private ulong _chain;
    private ulong _lastIndex;
    private WalHardState? _hardState;
    private byte[] _buffer;
    private Exception? _failure;
    private bool _disposed;

    private WriteAheadLog(IFileSystem fs, string directory, WalOptions options, WalMetadata metadata, List<SegmentName> segments, IStorageFile tail)
    {
        _fs = fs;
        _directory = directory;
        _options = options;
        Metadata = metadata;
        _segments = segments;
        _tail = tail;
        _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        _preallocator = new SegmentPreallocator(fs, directory, options.SegmentBytes, options.PreallocateInBackground);
    }

    public WalMetadata Metadata { get; }

    /// <summary>Index of the last entry saved (0 when none).</summary>
    public ulong LastIndex => _lastIndex;

    /// <summary>Names of the live segment files, oldest first.</summary>
    public IReadOnlyList<string> SegmentFiles => _segments.Select(s => s.FileName).ToList();

    /// <summary>True when <paramref name="directory"/> holds at least one segment.</summary>
    public static bool Exists(IFileSystem fs, string directory) => SegmentDirectory.List(fs, directory).Count > 0;

    /// <summary>Creates a new WAL whose first segment carries <paramref name="metadata"/>; durable when it returns.</summary>
    public static WriteAheadLog Create(IFileSystem fs, string directory, WalMetadata metadata, WalOptions? options = null)
    {
        options ??= new WalOptions();
        options.Validate();
        fs.CreateDirectory(directory);
        if (Exists(fs, directory))
        {
            throw new InvalidOperationException($"wal: {directory} already holds a WAL");
        }

        DeleteTempFiles(fs, directory);
        var first = new SegmentName(0, 0);
        var log = new WriteAheadLog(fs, directory, options, metadata, [first], null!);
        var file = log._preallocator.Take(0, syncAllocation: false); // StartSegment fdatasyncs its header before the rename
        try
        {
            log.StartSegment(file, first, 0, isFirst: true);
            string? parent = System.IO.Path.GetDirectoryName(directory.TrimEnd('/'));
            if (!string.IsNullOrEmpty(parent))
            {
                fs.SyncDirectory(parent);
            }
        }
        catch (Exception e)
        {
            file.Dispose();
            log._preallocator.Dispose();
            throw new EngineFatalException($"wal: creating {directory} failed: {e.Message}", e);
        }

        log._preallocator.Prepare(1);
        return log;
    }

    /// <summary>
    /// Opens an existing WAL for appending and replays it from the snapshot marker (index, term):
    /// <paramref name="replay"/> holds the metadata, last hard state, markers and entries after the
    /// marker (its slices point into memory maps; dispose it when done with them). A torn unsynced tail is
    /// cut off; damage in the synced region throws <see cref="WalCorruptException"/>.
    /// </summary>
    public static WriteAheadLog Open(IFileSystem fs, string directory, ulong snapshotIndex, ulong snapshotTerm, out WalReplay replay, WalOptions? options = null)
    {
        options ??= new WalOptions();
        options.Validate();
        replay = WalReplay.Read(fs, directory, snapshotIndex, snapshotTerm, options.MaxRecordBytes);
        try
        {
            return OpenTail(fs, directory, options, replay);
        }
        catch
        {
            replay.Dispose();
            throw;
        }
    }

    /// <summary>Replays without opening for writes (tools, inspection). Same rules and lifetime as <see cref="Open"/>.</summary>
    public static WalReplay ReadAll(IFileSystem fs, string directory, ulong snapshotIndex, ulong snapshotTerm, WalOptions? options = null) =>
        WalReplay.Read(fs, directory, snapshotIndex, snapshotTerm, (options ?? new WalOptions()).MaxRecordBytes);

    /// <summary>Appends entries (copied once, from the span's payloads) and an optional hard state as one durable batch.</summary>
    public void Save(WalHardState? hardState, ReadOnlySpan<WalEntry> entries) => Save(hardState, new SpanEntrySource(entries));

    /// <summary>
    /// Appends the entries of <paramref name="source"/> and then <paramref name="hardState"/> (when not
    /// null) as one batch: encoded into one pooled buffer, written with one call, made durable with one
    /// fdatasync before this returns. Entry indexes must be consecutive. Nothing to save returns at once.
    /// </summary>
    public void Save<TSource>(WalHardState? hardState, TSource source)
        where TSource : IWalEntrySource, allows ref struct
    {
        ThrowIfUnusable();
        int count = source.Count;
        if (count == 0 && hardState is null)
        {
            return;
        }

        long size = hardState is null ? 0 : WalFrame.FrameLength(HardStateBytes);
        for (int i = 0; i < count; i++)
        {
            size += WalFrame.FrameLength(EntryPrefixBytes + source.PayloadLengthAt(i));
            InvariantViolationException.Check(i == 0 || source.IndexAt(i) == source.IndexAt(i - 1) + 1,
                $"wal: entry indexes of a batch must be consecutive (entry {i} has index {source.IndexAt(i)})");
        }

        PrepareRoom(size, count > 0 ? source.IndexAt(0) : _lastIndex + 1);
        var buffer = _buffer.AsSpan(0, checked((int)size));
        ulong chain = _chain;
        int p = 0;
        for (int i = 0; i < count; i++)
        {
            int length = source.PayloadLengthAt(i);
            var frame = buffer.Slice(p, WalFrame.FrameLength(EntryPrefixBytes + length));
            BinaryPrimitives.WriteUInt64LittleEndian(frame[8..], source.IndexAt(i));
            BinaryPrimitives.WriteUInt64LittleEndian(frame[16..], source.TermAt(i));
            source.WritePayload(i, frame.Slice(8 + EntryPrefixBytes, length));
            byte flags = i == count - 1 && hardState is null ? WalFrame.BatchEndFlag : (byte)0;
            chain = WalFrame.Seal(frame, EntryPrefixBytes + length, WalRecordType.Entry, flags, chain);
            p += frame.Length;
        }

        if (hardState is WalHardState state)
        {
            p += WriteHardState(buffer[p..], state, WalFrame.BatchEndFlag, ref chain);
        }

        WriteBatch(buffer[..p], chain);
        if (count > 0)
        {
            _lastIndex = source.IndexAt(count - 1);
        }

        _hardState = hardState ?? _hardState;
    }

    /// <summary>Appends a snapshot marker (index, term, opaque conf state), durable when this returns.</summary>
    public void SaveSnapshotMarker(ulong index, ulong term, ReadOnlySpan<byte> confState)
    {
        ThrowIfUnusable();
        int payloadLength = 16 + confState.Length;
        PrepareRoom(WalFrame.FrameLength(payloadLength), _lastIndex + 1);
        var frame = _buffer.AsSpan(0, WalFrame.FrameLength(payloadLength));
        BinaryPrimitives.WriteUInt64LittleEndian(frame[8..], index);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[16..], term);
        confState.CopyTo(frame[24..]);
        ulong chain = WalFrame.Seal(frame, payloadLength, WalRecordType.SnapshotMarker, WalFrame.BatchEndFlag, _chain);
        WriteBatch(frame, chain);
    }

    /// <summary>
    /// Deletes the segments wholly below <paramref name="index"/>: every segment before the one a replay
    /// from a marker at <paramref name="index"/> starts at. Call it after a snapshot at index is durable.
    /// </summary>
    public void ReleaseBefore(ulong index)
    {
        ThrowIfUnusable();
        int keep = SegmentDirectory.SearchIndex(_segments, index);
        keep = Math.Max(keep, FirstLiveSegment());
        if (keep <= 0)
        {
            return;
        }

        try
        {
            for (int i = 0; i < keep; i++)
            {
                _fs.DeleteFile(SegmentDirectory.PathOf(_directory, _segments[i].FileName));
            }

            _fs.SyncDirectory(_directory);
        }
        catch (Exception e)
        {
            throw Fail("releasing segments", e);
        }

        _segments.RemoveRange(0, keep);
    }

    /// <summary>Position in <see cref="_segments"/> after the last gap in sequence numbers (older ones are stale leftovers).</summary>
    private int FirstLiveSegment()
    {
        int first = _segments.Count - 1;
        while (first > 0 && _segments[first - 1].Sequence + 1 == _segments[first].Sequence)
        {
            first--;
        }

        return first;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _preallocator.Dispose();
        _tail?.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private static WriteAheadLog OpenTail(IFileSystem fs, string directory, WalOptions options, WalReplay replay)
    {
        var tailName = replay.Segments[^1];
        string path = SegmentDirectory.PathOf(directory, tailName.FileName);
        var tail = fs.Open(path, create: false);
        if (!tail.TryLock())
        {
            tail.Dispose();
            throw new IOException($"wal: {path} is locked by another process");
        }

        var live = SegmentDirectory.List(fs, directory, out var stale);
        var log = new WriteAheadLog(fs, directory, options, replay.Metadata, [.. stale, .. live], tail);
        try
        {
            // Cut off a torn batch (and anything after it) and zero-extend back to the segment size.
            tail.SetLength(replay.TailEnd);
            tail.Allocate(Math.Max(options.SegmentBytes, replay.TailEnd));
            tail.Sync();
            DeleteTempFiles(fs, directory);
        }
        catch (Exception e)
        {
            log.Dispose();
            throw new EngineFatalException($"wal: repairing the tail of {path} failed: {e.Message}", e);
        }

        log._tailOffset = replay.TailEnd;
        log._tailZeroedEnd = replay.TailEnd;
        log._tailCapacity = log._tail.Length;
        log._tailHasBatches = true;
        log._chain = replay.TailChecksum;
        log._hardState = replay.HardState;
        log._lastIndex = replay.LastEntryIndex ?? Math.Max(replay.SnapshotIndex, tailName.FirstIndex == 0 ? 0 : tailName.FirstIndex - 1);
        log._preallocator.Prepare(tailName.Sequence + 1);
        return log;
    }

    private static void DeleteTempFiles(IFileSystem fs, string directory)
    {
        foreach (string name in fs.ListFiles(directory))
        {
            if (name.EndsWith(SegmentName.TempExtension, StringComparison.Ordinal))
            {
                fs.DeleteFile(SegmentDirectory.PathOf(directory, name));
            }
        }
    }

    /// <summary>Cuts to a new segment when the batch does not fit, and makes the buffer large enough.</summary>
    private void PrepareRoom(long batchBytes, ulong firstIndexOfBatch)
    {
        if (_tailOffset + batchBytes > _options.SegmentBytes && _tailHasBatches)
        {
            var current = _segments[^1];
            ulong firstIndex = Math.Max(current.FirstIndex, Math.Min(_lastIndex + 1, firstIndexOfBatch));
            var next = new SegmentName(current.Sequence + 1, firstIndex);
            IStorageFile? file = null;
            try
            {
                file = _preallocator.Take(next.Sequence);
                StartSegment(file, next, _chain, isFirst: false);
            }
            catch (Exception e)
            {
                file?.Dispose();
                throw Fail("cutting a new segment", e);
            }

            _preallocator.Prepare(next.Sequence + 1);
        }

        if (_buffer.Length < batchBytes)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(checked((int)batchBytes));
        }
    }

    /// <summary>Writes the header batch into a prepared temp file, syncs it, renames it into place and syncs the directory.</summary>
    private void StartSegment(IStorageFile file, SegmentName name, ulong carriedChecksum, bool isFirst)
    {
        var buffer = _buffer.AsSpan();
        ulong chain = carriedChecksum;
        Span<byte> eight = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(eight, carriedChecksum);
        int p = WalFrame.Write(buffer, WalRecordType.Checksum, eight[..8], 0, ref chain);
        BinaryPrimitives.WriteUInt64LittleEndian(eight, Metadata.MemberId);
        BinaryPrimitives.WriteUInt64LittleEndian(eight[8..], Metadata.ClusterId);
        p += WalFrame.Write(buffer[p..], WalRecordType.Metadata, eight, _hardState is null ? WalFrame.BatchEndFlag : (byte)0, ref chain);
        if (_hardState is WalHardState state)
        {
            p += WriteHardState(buffer[p..], state, WalFrame.BatchEndFlag, ref chain);
        }

        file.Write(0, buffer[..p]);
        file.DataSync();
        string path = SegmentDirectory.PathOf(_directory, name.FileName);
        _fs.Rename(_preallocator.TempPath(name.Sequence), path);
        _fs.SyncDirectory(_directory);
        file.TryLock();
        if (!isFirst)
        {
            _tail.Dispose();
            _segments.Add(name);
        }

        _tail = file;
        _tailOffset = WalFrame.AlignBatch(p);
        _tailZeroedEnd = _tailOffset;
        _tailCapacity = file.Length;
        _tailHasBatches = false;
        _chain = chain;
    }

    private static int WriteHardState(Span<byte> destination, WalHardState state, byte flags, ref ulong chain)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], state.Term);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], state.Vote);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], state.Commit);
        chain = WalFrame.Seal(destination, HardStateBytes, WalRecordType.HardState, flags, chain);
        return WalFrame.FrameLength(HardStateBytes);
    }

    /// <summary>One write, one fdatasync; only then does the batch count as saved.</summary>
    private void WriteBatch(ReadOnlySpan<byte> batch, ulong chainAfter)
    {
        try
        {
            _tail.Write(_tailOffset, batch);
            ZeroAhead(_tailOffset + batch.Length);
            _tail.DataSync();
        }
        catch (Exception e)
        {
            throw Fail("writing a batch", e);
        }

        _tailOffset = WalFrame.AlignBatch(_tailOffset + batch.Length);
        _tailHasBatches = true;
        _chain = chainAfter;
    }

    /// <summary>Writes zeros past <paramref name="end"/> when the log reaches space never written (see <see cref="WalOptions.ZeroAheadBytes"/>).</summary>
    private void ZeroAhead(long end)
    {
        // The step grows with the segment (64 KiB, then as much as is written, up to ZeroAheadBytes): a fresh
        // segment's first commits (a new member's bootstrap and first election) do not wait for a full step.
        int ahead = (int)Math.Min(Math.Min(_options.ZeroAheadBytes, Zeros.Length), Math.Max(FirstZeroAheadBytes, end));
        if (ahead <= 0 || end <= _tailZeroedEnd - ahead / 2)
        {
            return;
        }

        long from = Math.Max(end, _tailZeroedEnd);
        long to = Math.Min(_tailCapacity, end + ahead);
        if (to > from)
        {
            _tail.Write(from, Zeros.AsSpan(0, (int)(to - from)));
            _tailZeroedEnd = to;
        }
    }

    private EngineFatalException Fail(string operation, Exception e)
    {
        _failure = e;
        return new EngineFatalException($"wal: {operation} failed; the log is closed: {e.Message}", e);
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failure is not null)
        {
            throw new EngineFatalException($"wal: closed after an earlier failure: {_failure.Message}", _failure);
        }
    }

    /// <summary>Adapts a span of ready entries to <see cref="IWalEntrySource"/>.</summary>
    private readonly ref struct SpanEntrySource(ReadOnlySpan<WalEntry> entries) : IWalEntrySource
    {
        private readonly ReadOnlySpan<WalEntry> _entries = entries;

        public int Count => _entries.Length;

        public ulong IndexAt(int i) => _entries[i].Index;

        public ulong TermAt(int i) => _entries[i].Term;

        public int PayloadLengthAt(int i) => _entries[i].Payload.Length;

        public void WritePayload(int i, Span<byte> destination) => _entries[i].Payload.Span.CopyTo(destination);
    }
}
