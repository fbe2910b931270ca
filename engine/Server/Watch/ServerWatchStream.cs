using System.Threading.Channels;
using Engine.Mvcc.Watch;
using Engine.Protocol;
using Engine.Server.Proposals;
using Engine.Server.State;

namespace Engine.Server.Watch;

/// <summary>
/// Adapts an MVCC <see cref="WatchStream"/> to the front ends' <see cref="IWatchStream"/>, filling each header. When a
/// leader's snapshot replaces the store, the MVCC stream is closed and this one ends with <see cref="WatchService.WatchStoreReplaced"/>.
/// </summary>
internal sealed class ServerWatchStream : IWatchStream
{
    private readonly MemberStateHolder _state;
    private readonly MemberState _watched;
    private readonly WatchStream _stream;
    private readonly Proposer _proposer;
    private readonly ResponseHeaders _headers;
    private readonly Channel<WatchResponse> _responses = Channel.CreateUnbounded<WatchResponse>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public ServerWatchStream(MemberStateHolder state, MemberState watched, WatchStream stream, Proposer proposer, ResponseHeaders headers)
    {
        _state = state;
        _watched = watched;
        _stream = stream;
        _proposer = proposer;
        _headers = headers;
        _pump = Task.Run(PumpAsync);
    }

    public ChannelReader<WatchResponse> Responses => _responses.Reader;

    public EtcdError? Error { get; private set; }

    public ValueTask SubmitAsync(WatchRequest request, CancellationToken cancel)
    {
        if (_proposer.Unavailable() is EtcdError error && error != EtcdErrors.NoLeader)
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
                header.ClusterId = _headers.ClusterId;
                header.MemberId = _headers.MemberId;
                header.RaftTerm = _headers.RaftTerm;
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
            if (!_stop.IsCancellationRequested && !ReferenceEquals(_watched, _state.Current))
            {
                Error ??= WatchService.WatchStoreReplaced;
            }

            _responses.Writer.TryComplete();
        }
    }
}
