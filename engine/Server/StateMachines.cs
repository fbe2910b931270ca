using Engine.Membership;
using Engine.Mvcc;
using Engine.Mvcc.Lease;
using Engine.Mvcc.Storage;
using Engine.Server.Apply;
using Engine.Storage.Backend;

namespace Engine.Server;

/// <summary>
/// The state machines rebuilt from one db file: the MVCC store (its key index restored from the key bucket),
/// the lessor (leases restored from the lease bucket), the members registry and the alarms. Opened at start
/// and again when a leader's snapshot replaces the db.
/// </summary>
internal sealed record StateMachines(Backend Backend, KvStore Kv, Lessor Lessor, MemberRegistry Members, AlarmStore Alarms)
{
    public static StateMachines Open(ServerOptions options, Backend backend)
    {
        var (lessor, kv) = OpenStore(options, backend);
        return new StateMachines(backend, kv, lessor, MemberRegistry.Load(backend), AlarmStore.Load(backend));
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
}
