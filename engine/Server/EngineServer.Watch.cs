using System.Threading.Channels;
using Engine.Mvcc.Protocol;
using Engine.Mvcc.Watch;
using Engine.Server.Protocol;

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

    public IWatchStream OpenWatchStream() => new ServerWatchStream(this, _watchable.NewStream());

    /// <summary>Adapts an MVCC <see cref="WatchStream"/> to the api's <see cref="IWatchStream"/>, filling each header.</summary>
    private sealed class ServerWatchStream : IWatchStream
    {
        private readonly EngineServer _server;
        private readonly WatchStream _stream;
        private readonly Channel<WatchResponse> _responses = Channel.CreateUnbounded<WatchResponse>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _pump;

        public ServerWatchStream(EngineServer server, WatchStream stream)
        {
            _server = server;
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
                _responses.Writer.TryComplete();
            }
        }
    }
}
