using Engine.Protocol;
using Engine.Storage.Schema;

namespace Engine.Mvcc.Watch;

/// <summary>
/// Watch over a <see cref="KvStore"/> (etcd's watchableStore): watchers in the <b>synced</b> group receive each
/// revision's events as the write transaction publishes them; watchers behind the current revision sit in the
/// <b>unsynced</b> group and are caught up from the backend by a periodic loop; watchers whose stream buffer is full
/// become <b>victims</b> holding their one undelivered response, retried until it fits, then rejoin through the
/// unsynced group. Writers never wait for a reader. All group changes happen under the store's publish gate, so
/// events reach each stream in revision order, once, without gaps.
/// </summary>
public sealed class WatchableStore : IDisposable
{
    private readonly HashSet<Watcher> _synced = [];
    private readonly HashSet<Watcher> _unsynced = [];
    private readonly HashSet<Watcher> _victims = [];
    private readonly HashSet<WatchStream> _streams = [];
    private readonly Thread? _loop;
    private readonly CancellationTokenSource _stop = new();
    private readonly AutoResetEvent _wake = new(false);
    private long _slowWatchers;

    public WatchableStore(KvStore store, WatchOptions? options = null)
    {
        Store = store;
        Options = options ?? new WatchOptions();
        store.CommitObserver = Notify;
        if (!Options.ManualLoops)
        {
            _loop = new Thread(Loop) { IsBackground = true, Name = "mvcc-watch-sync" };
            _loop.Start();
        }
    }

    public KvStore Store { get; }

    public WatchOptions Options { get; }

    internal object Gate => Store.PublishGate;

    /// <summary>Watchers in each group (synced, unsynced, victims), for metrics and tests.</summary>
    public (int Synced, int Unsynced, int Victims) GroupSizes
    {
        get { lock (Gate) { return (_synced.Count, _unsynced.Count, _victims.Count); } }
    }

    /// <summary>Times a watcher found its stream buffer full and became a victim (etcd_debugging_mvcc_slow_watcher_total).</summary>
    public long SlowWatcherTotal => Interlocked.Read(ref _slowWatchers);

    /// <summary>Opens a stream that multiplexes watchers and delivers their responses in order.</summary>
    public WatchStream NewStream()
    {
        var stream = new WatchStream(this);
        lock (Gate)
        {
            _streams.Add(stream);
        }

        return stream;
    }

    /// <summary>Catches up unsynced watchers from the backend (the loop does this every <see cref="WatchOptions.SyncInterval"/>).</summary>
    public void SyncWatchers()
    {
        lock (Gate)
        {
            if (_unsynced.Count == 0)
            {
                return;
            }

            long current = Store.CurrentRevision;
            long compact = Store.CompactRevision;
            var batch = _unsynced.Take(Options.MaxWatchersPerSync).ToList();
            long from = long.MaxValue;
            foreach (var w in batch)
            {
                if (w.MinRevision < compact)
                {
                    Remove(w);
                    w.Stream.Queue.EnqueueControl(Outgoing.ForControl(new WatchResponse
                    {
                        Header = new ResponseHeader { Revision = current }, WatchId = w.Id, CompactRevision = compact, Canceled = true,
                    }));
                    w.Stream.Forget(w.Id);
                    continue;
                }

                from = Math.Min(from, w.MinRevision);
            }

            var events = from <= current ? ReadEvents(from, current) : [];
            foreach (var w in batch)
            {
                if (w.State != WatcherState.Unsynced)
                {
                    continue;
                }

                _unsynced.Remove(w);
                var mine = w.Select(events.Where(e => e.Kv!.ModRevision >= w.MinRevision).ToList());
                w.MinRevision = current + 1;
                if (mine is null)
                {
                    Join(w, WatcherState.Synced);
                }
                else
                {
                    Deliver(w, new Outgoing(w, current, mine, null));
                }
            }

            AnswerDeferredProgress();
        }
    }

    /// <summary>Retries the undelivered response of every victim (the loop does this every <see cref="WatchOptions.VictimRetryInterval"/>).</summary>
    public void RetryVictims()
    {
        lock (Gate)
        {
            if (_victims.Count == 0)
            {
                return;
            }

            long current = Store.CurrentRevision;
            foreach (var w in _victims.ToList())
            {
                if (!w.Stream.Queue.TryEnqueueEvents(w.Pending!))
                {
                    continue;
                }

                _victims.Remove(w);
                w.Pending = null;
                Join(w, w.MinRevision <= current ? WatcherState.Unsynced : WatcherState.Synced);
            }

            AnswerDeferredProgress();
        }
    }

    /// <summary>Sends a progress notification to every synced watcher that asked for them (the loop does this every <see cref="WatchOptions.ProgressNotifyInterval"/>).</summary>
    public void NotifyProgress()
    {
        lock (Gate)
        {
            long current = Store.CurrentRevision;
            foreach (var w in _synced)
            {
                if (w.ProgressNotify)
                {
                    w.Stream.Queue.TryEnqueueEvents(new Outgoing(w, current, [], null));
                }
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _wake.Set();
        _loop?.Join();
        lock (Gate)
        {
            if (Store.CommitObserver == (Action<long, List<Event>>)Notify)
            {
                Store.CommitObserver = null;
            }

            foreach (var stream in _streams.ToList())
            {
                stream.CloseLocked();
            }
        }

        _wake.Dispose();
        _stop.Dispose();
    }

    /// <summary>Registers a watcher (under the gate): synced when it starts after the current revision, else unsynced.</summary>
    internal void Add(Watcher w, long startRevision, long current)
    {
        if (startRevision == 0 || startRevision > current)
        {
            w.MinRevision = startRevision == 0 ? current + 1 : startRevision;
            Join(w, WatcherState.Synced);
            return;
        }

        Join(w, WatcherState.Unsynced);
        _wake.Set();
    }

    /// <summary>Removes a watcher from whichever group holds it (under the gate).</summary>
    internal void Remove(Watcher w)
    {
        _synced.Remove(w);
        _unsynced.Remove(w);
        _victims.Remove(w);
        w.Pending = null;
        w.State = WatcherState.Canceled;
    }

    internal void ForgetStream(WatchStream stream) => _streams.Remove(stream);

    /// <summary>True when every watcher of the stream is synced (under the gate).</summary>
    internal static bool AllSynced(WatchStream stream) => stream.Watchers.All(w => w.State == WatcherState.Synced);

    /// <summary>Called by the write transaction under the gate, before its revision becomes current.</summary>
    private void Notify(long revision, List<Event> events)
    {
        List<(Watcher, List<Event>)>? deliveries = null;
        foreach (var w in _synced)
        {
            if (w.MinRevision > revision)
            {
                continue;
            }

            var mine = w.Select(events);
            w.MinRevision = revision + 1;
            if (mine is not null)
            {
                (deliveries ??= []).Add((w, mine));
            }
        }

        if (deliveries is null)
        {
            return;
        }

        foreach (var (w, mine) in deliveries)
        {
            _synced.Remove(w);
            Deliver(w, new Outgoing(w, revision, mine, null));
        }
    }

    /// <summary>Queues a watcher's events; a full stream buffer makes it a victim holding them.</summary>
    private void Deliver(Watcher w, Outgoing item)
    {
        if (w.Stream.Queue.TryEnqueueEvents(item))
        {
            Join(w, WatcherState.Synced);
            return;
        }

        w.Pending = item;
        Interlocked.Increment(ref _slowWatchers);
        Join(w, WatcherState.Victim);
    }

    private void Join(Watcher w, WatcherState state)
    {
        w.State = state;
        (state switch { WatcherState.Synced => _synced, WatcherState.Unsynced => _unsynced, _ => _victims }).Add(w);
    }

    private void AnswerDeferredProgress()
    {
        foreach (var stream in _streams)
        {
            if (stream.ProgressDeferred && AllSynced(stream))
            {
                stream.SendProgressLocked();
            }
        }
    }

    /// <summary>Every event of revisions [from, to], in revision order, read from the key bucket.</summary>
    private List<Event> ReadEvents(long from, long to)
    {
        var events = new List<Event>();
        var (_, _, tx) = Store.Snapshot();
        using (tx)
        {
            tx.Range(Buckets.Key, RevisionKey.ToBytes(new Revision(from, 0)), RevisionKey.MainPrefix(to + 1), 0, (k, v) =>
            {
                if (v.IsEmpty)
                {
                    return true; // a revision-bump marker, not an event
                }

                var rev = RevisionKey.Read(k);
                var kv = KeyValueCodec.Decode(v);
                events.Add(RevisionKey.IsTombstone(k)
                    ? new Event { Type = EventType.Delete, Kv = new KeyValue { Key = kv.Key, ModRevision = rev.Main } }
                    : new Event { Type = EventType.Put, Kv = kv });
                return true;
            });
        }

        return events;
    }

    private void Loop()
    {
        var nextSync = DateTime.UtcNow;
        var nextProgress = DateTime.UtcNow + Options.ProgressNotifyInterval;
        var tick = Options.VictimRetryInterval < Options.SyncInterval ? Options.VictimRetryInterval : Options.SyncInterval;
        while (!_stop.IsCancellationRequested)
        {
            bool woken = _wake.WaitOne(tick);
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            RetryVictims();
            var now = DateTime.UtcNow;
            if (woken || now >= nextSync)
            {
                SyncWatchers();
                nextSync = now + Options.SyncInterval;
            }

            if (Options.ProgressNotifyInterval > TimeSpan.Zero && now >= nextProgress)
            {
                NotifyProgress();
                nextProgress = now + Options.ProgressNotifyInterval;
            }
        }
    }
}
