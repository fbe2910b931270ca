using Engine.Common.IO;

namespace Engine.Wal;

/// <summary>
/// Prepares the next segment file (<c>&lt;seq&gt;.wal.tmp</c>: created, blocks allocated, fsynced) ahead of
/// the cut that will need it, on a background task or, for deterministic tests, on the calling thread.
/// </summary>
internal sealed class SegmentPreallocator : IDisposable
{
    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly bool _background;
    private Task<IStorageFile>? _pending;
    private ulong _pendingSequence;

    public SegmentPreallocator(IFileSystem fs, string directory, long segmentBytes, bool background)
    {
        _fs = fs;
        _directory = directory;
        _segmentBytes = segmentBytes;
        _background = background;
    }

    public string TempPath(ulong sequence) => SegmentDirectory.PathOf(_directory, SegmentName.TempFileName(sequence));

    /// <summary>Starts preparing segment <paramref name="sequence"/>. Failures surface at <see cref="Take"/>.</summary>
    public void Prepare(ulong sequence)
    {
        _pendingSequence = sequence;
        if (_background)
        {
            _pending = Task.Run(() => Create(sequence));
            return;
        }

        try
        {
            _pending = Task.FromResult(Create(sequence));
        }
        catch (Exception e)
        {
            _pending = Task.FromException<IStorageFile>(e);
        }
    }

    /// <summary>
    /// The prepared file for <paramref name="sequence"/>, waiting for it when still in progress. When none was
    /// prepared it is created here; <paramref name="syncAllocation"/> false skips the fsync of its allocation,
    /// for a caller that writes and fdatasyncs the file before renaming it into place (fdatasync makes the
    /// size durable too), which keeps one fsync off the path of creating a WAL.
    /// </summary>
    public IStorageFile Take(ulong sequence, bool syncAllocation = true)
    {
        var pending = _pending;
        _pending = null;
        if (pending is null || _pendingSequence != sequence)
        {
            DisposeQuietly(pending);
            return Create(sequence, syncAllocation);
        }

        return pending.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        DisposeQuietly(_pending);
        _pending = null;
    }

    private IStorageFile Create(ulong sequence, bool syncAllocation = true)
    {
        string path = TempPath(sequence);
        if (_fs.FileExists(path))
        {
            _fs.DeleteFile(path);
        }

        var file = _fs.Open(path, create: true);
        try
        {
            file.Allocate(_segmentBytes);
            if (syncAllocation)
            {
                file.Sync();
            }

            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static void DisposeQuietly(Task<IStorageFile>? task)
    {
        if (task is null)
        {
            return;
        }

        try
        {
            task.GetAwaiter().GetResult().Dispose();
        }
        catch (Exception)
        {
            // A failed preparation left nothing to close; its temp file is deleted on the next open.
        }
    }
}
