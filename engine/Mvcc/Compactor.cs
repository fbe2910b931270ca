using System.Collections.Concurrent;
using Engine.Storage.Schema;

namespace Engine.Mvcc;

/// <summary>
/// The physical part of compaction (etcd kvstore_compaction.go): compacts the key index, then deletes from the
/// key bucket every revision at or below the compaction revision that the index no longer needs, in batches of
/// <see cref="KvStoreOptions.CompactionBatchLimit"/> (each committed), and finally records
/// <c>finishedCompactRev</c> and commits. Jobs run in order on one background thread, or inline when
/// <see cref="KvStoreOptions.CompactInline"/> is set. Interrupted work resumes on open (the scheduled revision is persisted first).
/// </summary>
internal sealed class Compactor : IDisposable
{
    private readonly KvStore _store;
    private readonly BlockingCollection<long>? _jobs;
    private readonly Thread? _thread;
    private readonly object _gate = new();
    private readonly List<(long Revision, TaskCompletionSource Done)> _waiters = [];
    private long _finished = -1;
    private Exception? _failure;

    public Compactor(KvStore store)
    {
        _store = store;
        if (!store.Options.CompactInline)
        {
            _jobs = new BlockingCollection<long>();
            _thread = new Thread(Loop) { IsBackground = true, Name = "mvcc-compactor" };
            _thread.Start();
        }
    }

    public long Finished
    {
        get { lock (_gate) { return _finished; } }
    }

    public void SetFinished(long revision)
    {
        lock (_gate)
        {
            _finished = revision;
        }
    }

    public void Schedule(long revision)
    {
        if (_jobs is null)
        {
            Run(revision);
            return;
        }

        _jobs.Add(revision);
    }

    public Task WhenFinished(long revision)
    {
        lock (_gate)
        {
            if (_failure is not null)
            {
                return Task.FromException(_failure);
            }

            if (_finished >= revision)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((revision, done));
            return done.Task;
        }
    }

    public void Dispose()
    {
        if (_jobs is null)
        {
            return;
        }

        _jobs.CompleteAdding();
        _thread!.Join();
        _jobs.Dispose();
    }

    private void Loop()
    {
        foreach (long revision in _jobs!.GetConsumingEnumerable())
        {
            try
            {
                Run(revision);
            }
            catch (Exception e)
            {
                Fail(e);
                return;
            }
        }
    }

    /// <summary>Runs one compaction to completion.</summary>
    public void Run(long revision)
    {
        var keep = _store.Index.Compact(revision);
        var backend = _store.Backend;
        byte[] end = RevisionKey.MainPrefix(revision + 1);
        byte[] from = new byte[RevisionKey.Length];
        int batch = Math.Max(1, _store.Options.CompactionBatchLimit);
        var keys = new List<byte[]>(batch);
        while (true)
        {
            keys.Clear();
            backend.Lock();
            try
            {
                backend.RangeLocked(Buckets.Key, from, end, batch, (k, _) =>
                {
                    keys.Add(k.ToArray());
                    return true;
                });
                foreach (var key in keys)
                {
                    // Records of the compaction revision itself stay (as newer etcd keeps the tombstone there): a watcher
                    // may resume exactly at the compact revision and must see all of its events; the next compaction
                    // removes them, and HashKV skips them.
                    var rev = RevisionKey.Read(key);
                    if (rev.Main != revision && !keep.Contains(rev))
                    {
                        backend.DeleteLocked(Buckets.Key, key);
                    }
                }

                if (keys.Count < batch)
                {
                    backend.PutLocked(Buckets.Meta, MetaKeys.FinishedCompactRevision, RevisionKey.ToBytes(new Revision(revision, 0)));
                }
            }
            finally
            {
                backend.Unlock();
            }

            backend.ForceCommit();
            if (keys.Count < batch)
            {
                Complete(revision);
                return;
            }

            var last = RevisionKey.Read(keys[^1]);
            from = RevisionKey.ToBytes(last with { Sub = last.Sub + 1 });
            if (_store.Options.CompactionSleepInterval > TimeSpan.Zero)
            {
                Thread.Sleep(_store.Options.CompactionSleepInterval);
            }
        }
    }

    private void Complete(long revision)
    {
        lock (_gate)
        {
            _finished = Math.Max(_finished, revision);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Revision <= _finished)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void Fail(Exception e)
    {
        lock (_gate)
        {
            _failure = e;
            foreach (var (_, done) in _waiters)
            {
                done.TrySetException(e);
            }

            _waiters.Clear();
        }
    }
}
