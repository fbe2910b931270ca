using System.Threading.Channels;
using Engine.Protocol;
using Engine.Mvcc.Watch;

namespace Engine.Server;

/// <summary>The watch half of the v3 API: one MVCC watch stream per HTTP stream, with headers filled as etcd's.</summary>
public sealed partial class EngineServer
{
    private long WatcherCount
    {
        get
        {
            var (synced, unsynced, victims) = _watchable.GroupSizes;
            return synced + unsynced + victims;
        }
    }

    /// <summary>
    /// Ends a watch stream whose store a leader's snapshot replaced (its watchers' revisions belong to the old
    /// history): the client sees this error line and watches again from the revision after its last event.
    /// </summary>
    internal static readonly EtcdError WatchStoreReplaced = new(GrpcCode.Unavailable,
        "etcdserver: watch stream closed: the member installed a snapshot from the leader");

    public IWatchStream OpenWatchStream()
    {
        while (true)
        {
            var store = _watchable;
            var stream = store.NewStream();
            if (ReferenceEquals(store, _watchable))
            {
                return new ServerWatchStream(this, store, stream);
            }

            // A snapshot replaced the store meanwhile; its disposal may have missed this stream.
            stream.Dispose();
        }
    }

    /// <summary>
    /// Adapts an MVCC <see cref="WatchStream"/> to the api's <see cref="IWatchStream"/>, filling each header. When a
    /// leader's snapshot replaces the store, the MVCC stream is closed and this one ends with <see cref="WatchStoreReplaced"/>.
    /// </summary>
    private sealed class ServerWatchStream : IWatchStream
    {
        private readonly EngineServer _server;
        private readonly WatchableStore _store;
        private readonly WatchStream _stream;
        private readonly Channel<WatchResponse> _responses = Channel.CreateUnbounded<WatchResponse>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _pump;

        public ServerWatchStream(EngineServer server, WatchableStore store, WatchStream stream)
        {
            _server = server;
            _store = store;
            _stream = stream;
            _pump = Task.Run(PumpAsync);
        }

        public ChannelReader<WatchResponse> Responses => _responses.Reader;

        public EtcdError? Error { get; private set; }

        public ValueTask SubmitAsync(WatchRequest request, CancellationToken cancel)
        {
            if (_server.Unavailable() is EtcdError error && error != EtcdErrors.NoLeader)
            {
                Error = error;
                _responses.Writer.TryComplete();
                return ValueTask.CompletedTask;
            }

            if (_responses.Reader.Completion.IsCompleted)
            {
                return ValueTask.CompletedTask; // ended (its store was replaced): nothing more is answered
            }

            _stream.Submit(request);
            return ValueTask.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _stream.Dispose();
            try
            {
                await _pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        private async Task PumpAsync()
        {
            try
            {
                await foreach (var response in _stream.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                {
                    // etcd fills a watch header's ids and term; its revision is the watch's own (0 on a compaction cancel).
                    var header = response.Header ??= new ResponseHeader();
                    header.ClusterId = _server.ClusterId;
                    header.MemberId = _server.MemberId;
                    header.RaftTerm = _server._raft.Term;
                    if (response.Canceled && response.CompactRevision != 0)
                    {
                        header.Revision = 0;
                    }
                    await _responses.Writer.WriteAsync(response, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
            finally
            {
                if (!_stop.IsCancellationRequested && !ReferenceEquals(_store, _server._watchable))
                {
                    Error ??= WatchStoreReplaced;
                }

                _responses.Writer.TryComplete();
            }
        }
    }
}
