using System.Runtime.CompilerServices;
using Engine.Protocol;

namespace Engine.Mvcc.Watch;

/// <summary>
/// One client watch stream (etcd's serverWatchStream): submit create / cancel / progress requests, read the
/// responses in order with <see cref="ReadAsync"/>. Many watchers share the stream and its bounded buffer.
/// Dispose to cancel every watcher; a pending read then returns null.
/// </summary>
public sealed class WatchStream : IDisposable
{
    public const string DuplicateWatchId = "mvcc: duplicate watch ID provided on the WatchStream";
    public const string EmptyWatcherRange = "mvcc: watcher range is empty";

    private readonly WatchableStore _owner;
    private readonly Dictionary<long, Watcher> _watchers = [];
    private readonly Queue<WatchResponse> _fragments = new();
    private long _nextId;
    private bool _closed;

    internal WatchStream(WatchableStore owner)
    {
        _owner = owner;
        Queue = new OutgoingQueue(owner.Options.StreamBufferResponses);
    }

    internal OutgoingQueue Queue { get; }

    internal IEnumerable<Watcher> Watchers => _watchers.Values;

    internal bool ProgressDeferred { get; private set; }

    /// <summary>Dispatches one request of the stream (exactly one member set).</summary>
    public void Submit(WatchRequest request)
    {
        if (request.CreateRequest is { } create)
        {
            Create(create);
        }
        else if (request.CancelRequest is { } cancel)
        {
            Cancel(cancel.WatchId);
        }
        else if (request.ProgressRequest is not null)
        {
            RequestProgress();
        }
    }

    /// <summary>Creates a watcher; answers <c>created</c> (or created + canceled with a reason) before any of its events.</summary>
    public void Create(WatchCreateRequest request)
    {
        byte[] key = request.Key is { Length: > 0 } k ? k : [0];
        byte[]? end = request.RangeEnd switch
        {
            null or { Length: 0 } => null,
            [0] => [],
            var e => e,
        };
        lock (_owner.Gate)
        {
            long current = _owner.Store.CurrentRevision;
            string? error = _closed ? "watch stream closed"
                : end is { Length: > 0 } && key.AsSpan().SequenceCompareTo(end) >= 0 ? EmptyWatcherRange
                : request.WatchId != 0 && _watchers.ContainsKey(request.WatchId) ? DuplicateWatchId
                : null;
            if (error is not null)
            {
                Queue.EnqueueControl(Outgoing.ForControl(new WatchResponse
                {
                    Header = new ResponseHeader { Revision = current }, WatchId = -1, Created = true, Canceled = true, CancelReason = error,
                }));
                return;
            }

            long id = request.WatchId != 0 ? request.WatchId : NextId();
            var watcher = new Watcher(this, id, key, end, request.StartRevision, request);
            _watchers.Add(id, watcher);
            Queue.EnqueueControl(Outgoing.ForControl(new WatchResponse { Header = new ResponseHeader { Revision = current }, WatchId = id, Created = true }));
            _owner.Add(watcher, request.StartRevision, current);
        }
    }

    /// <summary>Cancels a watcher and answers <c>canceled</c>; an unknown id is ignored.</summary>
    public void Cancel(long watchId)
    {
        lock (_owner.Gate)
        {
            if (!_watchers.Remove(watchId, out var watcher))
            {
                return;
            }

            _owner.Remove(watcher);
            Queue.EnqueueControl(Outgoing.ForControl(new WatchResponse
            {
                Header = new ResponseHeader { Revision = _owner.Store.CurrentRevision }, WatchId = watchId, Canceled = true,
            }));
        }
    }

    /// <summary>
    /// Asks for a progress notification (watch_id -1, header.revision = current): sent now when every watcher of the
    /// stream is synced, otherwise as soon as they all are. Every event sent after it has a higher revision.
    /// </summary>
    public void RequestProgress()
    {
        lock (_owner.Gate)
        {
            if (WatchableStore.AllSynced(this))
            {
                SendProgressLocked();
            }
            else
            {
                ProgressDeferred = true;
            }
        }
    }

    /// <summary>The next response, or null once the stream is closed. One reader at a time.</summary>
    public async ValueTask<WatchResponse?> ReadAsync(CancellationToken cancellation = default)
    {
        while (true)
        {
            if (_fragments.TryDequeue(out var fragment))
            {
                return fragment;
            }

            var item = await Queue.DequeueAsync(cancellation).ConfigureAwait(false);
            if (item is null)
            {
                return null;
            }

            if (item.Control is { } control)
            {
                return control;
            }

            var response = WatchResponses.Build(_owner.Store, item);
            if (!item.Watcher!.Fragment)
            {
                return response;
            }

            foreach (var part in WatchResponses.Fragment(response, _owner.Options.MaxRequestBytes))
            {
                _fragments.Enqueue(part);
            }
        }
    }

    /// <summary>Every response until the stream closes.</summary>
    public async IAsyncEnumerable<WatchResponse> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellation = default)
    {
        while (await ReadAsync(cancellation).ConfigureAwait(false) is { } response)
        {
            yield return response;
        }
    }

    /// <summary>Number of responses waiting to be read.</summary>
    public int Pending => Queue.Count + _fragments.Count;

    public void Dispose()
    {
        lock (_owner.Gate)
        {
            CloseLocked();
        }
    }

    internal void CloseLocked()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        foreach (var w in _watchers.Values)
        {
            _owner.Remove(w);
        }

        _watchers.Clear();
        _owner.ForgetStream(this);
        Queue.Close();
    }

    internal void SendProgressLocked()
    {
        ProgressDeferred = false;
        Queue.EnqueueControl(Outgoing.ForControl(new WatchResponse { Header = new ResponseHeader { Revision = _owner.Store.CurrentRevision }, WatchId = -1 }));
    }

    /// <summary>Drops a watcher the store cancelled (compacted start).</summary>
    internal void Forget(long id) => _watchers.Remove(id);

    private long NextId()
    {
        while (_watchers.ContainsKey(_nextId))
        {
            _nextId++;
        }

        return _nextId++;
    }
}
