using Engine.Protocol;
using Engine.Protocol.Services;
using Engine.Server.Proposals;
using Engine.Server.State;

namespace Engine.Server.Watch;

/// <summary>etcd's watch service: one MVCC watch stream of the current store per client stream, with headers filled as etcd's.</summary>
internal sealed class WatchService(MemberStateHolder state, Proposer proposer, ResponseHeaders headers) : IWatchService
{
    /// <summary>
    /// Ends a watch stream whose store a leader's snapshot replaced (its watchers' revisions belong to the old
    /// history): the client sees this error line and watches again from the revision after its last event.
    /// </summary>
    internal static readonly EtcdError WatchStoreReplaced = new(GrpcCode.Unavailable,
        "etcdserver: watch stream closed: the member installed a snapshot from the leader");

    /// <summary>Watchers of the current store in every group (synced, unsynced, victims).</summary>
    public long WatcherCount
    {
        get
        {
            var (synced, unsynced, victims) = state.Current.Watchable.GroupSizes;
            return synced + unsynced + victims;
        }
    }

    public IWatchStream OpenWatchStream()
    {
        while (true)
        {
            var current = state.Current;
            var stream = current.Watchable.NewStream();
            if (ReferenceEquals(current, state.Current))
            {
                return new ServerWatchStream(state, current, stream, proposer, headers);
            }

            // A snapshot replaced the store meanwhile; its disposal may have missed this stream.
            stream.Dispose();
        }
    }
}
