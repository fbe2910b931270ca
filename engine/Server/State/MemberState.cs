using Engine.Membership;
using Engine.Membership.Versions;
using Engine.Mvcc;
using Engine.Mvcc.Lease;
using Engine.Mvcc.Storage;
using Engine.Mvcc.Watch;
using Engine.Storage.Backend;

namespace Engine.Server.State;

/// <summary>
/// The member's state machines, all rebuilt from one db file: the backend, the MVCC store (key index restored
/// from the key bucket), its watchable view, the lessor (leases restored from the lease bucket), the members
/// registry, the cluster version and the alarms. Immutable as a bundle: a leader's snapshot builds a new one and
/// <see cref="MemberStateHolder.Swap"/> replaces the whole bundle at once, so a reader that took
/// <see cref="MemberStateHolder.Current"/> never sees one db's store with another db's backend.
/// </summary>
internal sealed class MemberState
{
    public MemberState(Backend backend, KvStore kv, Lessor lessor, MemberRegistry members, ClusterVersionStore versions, AlarmStore alarms, int maxRequestBytes)
    {
        Backend = backend;
        Kv = kv;
        Lessor = lessor;
        Members = members;
        Versions = versions;
        Alarms = alarms;
        Watchable = new WatchableStore(kv, new WatchOptions { MaxRequestBytes = maxRequestBytes });
    }

    public Backend Backend { get; }

    public KvStore Kv { get; }

    /// <summary>Watchers of <see cref="Kv"/>; replaced with it (streams on a retired store end, see <c>Watch/ServerWatchStream</c>).</summary>
    public WatchableStore Watchable { get; }

    /// <summary>Not thread-safe: use it under <see cref="MemberStateHolder.LessorGate"/>.</summary>
    public Lessor Lessor { get; }

    public MemberRegistry Members { get; }

    /// <summary>The cluster version, the downgrade job and this member's storage version.</summary>
    public ClusterVersionStore Versions { get; }

    public AlarmStore Alarms { get; }

    /// <summary>Opens every state machine of <paramref name="backend"/> (a snapshot install; start-up builds the slow part on another core).</summary>
    public static MemberState Open(ServerOptions options, Backend backend)
    {
        var (lessor, kv) = OpenStore(options, backend);
        return new MemberState(backend, kv, lessor, MemberRegistry.Load(backend), ClusterVersionStore.Load(backend), AlarmStore.Load(backend), options.MaxRequestBytes);
    }

    /// <summary>The lessor (leases restored) and the MVCC store (key index rebuilt) of a db: the slow part of opening.</summary>
    public static (Lessor Lessor, KvStore Kv) OpenStore(ServerOptions options, Backend backend)
    {
        var lessor = new Lessor(new BackendLeaseStore(backend), MonotonicLeaseClock.Instance,
            LessorOptions.ForElectionTimeout(TimeSpan.FromMilliseconds(options.ElectionTimeoutMs)));
        var kv = new KvStore(new BackendKvAdapter(backend), new KvStoreOptions
        {
            MaxTxnOps = options.MaxTxnOps,
            Leases = lessor, // the lessor locks itself; the store attaches and detaches keys on it directly
        });
        return (lessor, kv);
    }

    /// <summary>Retires the bundle: watch streams end, compaction stops, the db is closed (readers still on it fail and retry on the new one).</summary>
    public void Retire()
    {
        Quietly.Run(Watchable.Dispose);
        Quietly.Run(Kv.Dispose);
        Quietly.Run(Backend.Dispose);
    }
}
