using System.Threading.Channels;
using Engine.Protocol;

namespace Engine.Protocol;

/// <summary>
/// One watch stream (etcd's gRPC Watch bidi stream): many watchers multiplexed over one connection.
/// The api calls <see cref="SubmitAsync"/> for each request the client sends, and drains
/// <see cref="Responses"/> to the client, newest last. etcd's stream rules apply: a create answers
/// <c>created:true</c> (or <c>canceled</c> with <c>cancel_reason</c> and watch_id -1 on failure), a
/// compacted start revision answers <c>compact_revision</c> + <c>canceled</c>, a progress request is
/// answered with watch_id -1 when every watcher is synced, a cancel answers <c>canceled:true</c>.
/// </summary>
public interface IWatchStream : IAsyncDisposable
{
    /// <summary>
    /// Responses in the order the client must see them. The writer completes the channel when the stream
    /// ends server-side (shutdown, or a fatal error recorded in <see cref="Error"/>); it never completes
    /// it with an exception.
    /// </summary>
    ChannelReader<WatchResponse> Responses { get; }

    /// <summary>Why the server ended the stream (e.g. <c>etcdserver: no leader</c>), or null.</summary>
    EtcdError? Error { get; }

    /// <summary>
    /// Handles one client request (exactly one of create/cancel/progress is set; a request with none set
    /// is ignored, as etcd does). Answers arrive on <see cref="Responses"/>.
    /// </summary>
    ValueTask SubmitAsync(WatchRequest request, CancellationToken cancel);
}
