namespace Engine.Protocol.Services;

/// <summary>
/// etcd's Watch service (etcdserverpb.Watch): one bidirectional stream of watch requests and responses. Every method returns either a response (whose <c>header</c> the server fills) or one of
/// <see cref="EtcdErrors"/>; an exception means an environmental failure or a bug, never an expected outcome.
/// Cancellation means the client went away: the server may stop waiting, not undo a proposal.
/// Front ends (the JSON gateway, gRPC) validate request shapes first through the one validation path.
/// </summary>
public interface IWatchService
{
    /// <summary>
    /// Opens one <c>/v3/watch</c> stream: the api submits each decoded WatchRequest (create, cancel,
    /// progress) and writes every WatchResponse it reads, in order. Dispose cancels all its watchers.
    /// </summary>
    IWatchStream OpenWatchStream();
}
