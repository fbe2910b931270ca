using System.Threading.Channels;
using Engine.Protocol;

namespace Engine.Api.Tests.Fakes;

/// <summary>A watch stream over <see cref="FakeStore"/>: etcd's create/cancel/progress answers, history replay, live events.</summary>
public sealed class FakeWatchStream : IWatchStream
{
    private readonly FakeEtcdServer _server;
    private readonly Channel<WatchResponse> _responses = Channel.CreateUnbounded<WatchResponse>();
    private readonly Dictionary<long, WatchCreateRequest> _watchers = [];
    private long _nextId;

    public FakeWatchStream(FakeEtcdServer server)
    {
        _server = server;
        lock (server.Gate)
        {
            server.Store.Committed += OnCommitted;
            server.OpenStreams.Add(this);
        }
    }

    public ChannelReader<WatchResponse> Responses => _responses.Reader;

    public EtcdError? Error { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>Ends the stream from the server side.</summary>
    public void End(EtcdError? error)
    {
        Error = error;
        _responses.Writer.TryComplete();
    }

    public ValueTask SubmitAsync(WatchRequest request, CancellationToken cancel)
    {
        lock (_server.Gate)
        {
            if (request.CreateRequest is { } create)
            {
                Create(create);
            }
            else if (request.CancelRequest is { } cancelRequest)
            {
                _watchers.Remove(cancelRequest.WatchId);
                Send(new WatchResponse { Header = _server.Header(), WatchId = cancelRequest.WatchId, Canceled = true });
            }
            else if (request.ProgressRequest is not null)
            {
                Send(new WatchResponse { Header = _server.Header(), WatchId = -1 });
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        lock (_server.Gate)
        {
            _server.Store.Committed -= OnCommitted;
            _server.OpenStreams.Remove(this);
        }

        Disposed = true;
        _responses.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private void Create(WatchCreateRequest create)
    {
        if (create.WatchId != 0 && _watchers.ContainsKey(create.WatchId))
        {
            Send(new WatchResponse { Header = _server.Header(), WatchId = -1, Created = true, Canceled = true, CancelReason = "mvcc: duplicate watch ID provided on the WatchStream" });
            return;
        }

        long id = create.WatchId;
        if (id == 0)
        {
            while (_watchers.ContainsKey(_nextId))
            {
                _nextId++;
            }

            id = _nextId++;
        }

        Send(new WatchResponse { Header = _server.Header(), WatchId = id, Created = true });
        FakeStore store = _server.Store;
        if (create.StartRevision > 0 && create.StartRevision < store.CompactRevision)
        {
            Send(new WatchResponse { Header = new ResponseHeader { ClusterId = FakeEtcdServer.ClusterId, MemberId = FakeEtcdServer.MemberId }, WatchId = id, Canceled = true, CompactRevision = store.CompactRevision });
            return;
        }

        _watchers[id] = create;
        if (create.StartRevision > 0 && create.StartRevision <= store.Revision)
        {
            List<Event> past = store.History.Where(h => h.Revision >= create.StartRevision).Select(h => h.Change).Where(e => Matches(create, e)).ToList();
            if (past.Count > 0)
            {
                Send(new WatchResponse { Header = _server.Header(), WatchId = id, Events = past.Select(e => Shape(create, e)).ToList() });
            }
        }
    }

    private void OnCommitted(long revision, IReadOnlyList<Event> changes)
    {
        foreach ((long id, WatchCreateRequest create) in _watchers)
        {
            List<Event> events = changes.Where(e => Matches(create, e)).Select(e => Shape(create, e)).ToList();
            if (events.Count > 0)
            {
                Send(new WatchResponse { Header = _server.Header(), WatchId = id, Events = events });
            }
        }
    }

    private static bool Matches(WatchCreateRequest create, Event change)
    {
        if (!FakeStore.InRange(change.Kv!.Key!, create.Key ?? [], create.RangeEnd))
        {
            return false;
        }

        List<WatchFilterType> filters = create.Filters ?? [];
        return change.Type == EventType.Put ? !filters.Contains(WatchFilterType.NoPut) : !filters.Contains(WatchFilterType.NoDelete);
    }

    private static Event Shape(WatchCreateRequest create, Event change) =>
        new() { Type = change.Type, Kv = change.Kv, PrevKv = create.PrevKv ? change.PrevKv : null };

    private void Send(WatchResponse response) => _responses.Writer.TryWrite(response);
}
