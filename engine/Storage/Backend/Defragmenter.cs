using Engine.Common.IO;
using Engine.Storage.BTree;

namespace Engine.Storage.Backend;

/// <summary>
/// One online defragment of a <see cref="Backend"/> (see <see cref="Backend.Defragment"/>):
/// 1. under the batch lock: commit, start journalling writes;
/// 2. without locks: copy the live data into <c>path.defrag</c> (B+tree CompactTo, synced);
/// 3. under the batch lock: commit the last batch to the old file, replay the journal onto the copy and
///    commit it, drain readers, close both, rename the copy over the db, sync the directory, reopen.
/// Until the directory sync the old file is what a reboot finds; it holds every committed write.
/// </summary>
internal sealed class Defragmenter
{
    private readonly Backend _backend;
    private readonly IFileSystem _fs;
    private readonly string _path;
    private readonly string _copyPath;
    private readonly BTreeOptions? _treeOptions;

    public Defragmenter(Backend backend, IFileSystem fs, string path, BTreeOptions? treeOptions)
    {
        _backend = backend;
        _fs = fs;
        _path = path;
        _copyPath = path + Backend.DefragSuffix;
        _treeOptions = treeOptions;
    }

    public void Run(Action<long, long>? copyProgress)
    {
        var batch = _backend.BatchTx;
        batch.Lock();
        try
        {
            batch.CommitLocked(reopen: true);
            if (_fs.FileExists(_copyPath))
            {
                _fs.DeleteFile(_copyPath);
            }

            batch.StartJournalLocked();
        }
        finally
        {
            batch.Unlock();
        }

        try
        {
            CopyLiveData(copyProgress);
        }
        catch
        {
            StopJournal();
            DeleteCopyQuietly();
            throw;
        }

        batch.Lock();
        try
        {
            SwapLocked(batch);
        }
        finally
        {
            batch.TakeJournalLocked();
            batch.Unlock();
        }
    }

    private void CopyLiveData(Action<long, long>? copyProgress)
    {
        var db = _backend.Pin();
        try
        {
            db.CompactTo(_fs, _copyPath, copyProgress);
        }
        finally
        {
            _backend.ReleaseReader();
        }
    }

    private void SwapLocked(BatchTx batch)
    {
        batch.CommitLocked(reopen: false);
        var journal = batch.TakeJournalLocked() ?? [];
        try
        {
            ReplayOntoCopy(journal);
        }
        catch
        {
            DeleteCopyQuietly();
            batch.Begin(_backend.CurrentDb);
            throw;
        }

        _backend.BeginSwap();
        BTreeDatabase? reopened = null;
        try
        {
            _backend.CurrentDb.Dispose();
            _fs.Rename(_copyPath, _path);
            _fs.SyncDirectory(Backend.DirectoryOf(_path));
            reopened = BTreeDatabase.Open(_fs, _path, _treeOptions);
        }
        catch (Exception e)
        {
            throw _backend.Fail("defragment failed while swapping files; reopen the backend", e);
        }
        finally
        {
            _backend.EndSwap(reopened);
        }

        batch.Begin(reopened);
    }

    private void ReplayOntoCopy(List<JournalEntry> journal)
    {
        using var copy = BTreeDatabase.Open(_fs, _copyPath, _treeOptions);
        if (journal.Count == 0)
        {
            return;
        }

        using var tx = copy.BeginWrite();
        foreach (var entry in journal)
        {
            if (entry.Value is null)
            {
                tx.Delete(entry.BucketId, entry.Key);
            }
            else
            {
                tx.Put(entry.BucketId, entry.Key, entry.Value);
            }
        }

        tx.Commit();
    }

    private void StopJournal()
    {
        var batch = _backend.BatchTx;
        batch.Lock();
        try
        {
            batch.TakeJournalLocked();
        }
        finally
        {
            batch.Unlock();
        }
    }

    private void DeleteCopyQuietly()
    {
        try
        {
            if (_fs.FileExists(_copyPath))
            {
                _fs.DeleteFile(_copyPath);
            }
        }
        catch (Exception)
        {
            // Best effort: Backend.Open removes a leftover copy.
        }
    }
}
