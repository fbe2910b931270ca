using System.Text;
using Engine.Mvcc.Lease;
using Engine.Protocol;
using Engine.Storage.Backend;
using Engine.TestKit.IO;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>
/// The lessor wired to the real MVCC store and backend, as the server wires them: the store consults and informs the
/// lessor through <see cref="Engine.Mvcc.Lease.ILeaseAttachments"/>, revokes run inside the store's write transaction.
/// </summary>
public sealed class LessorKvStoreTests
{
    private const string DbPath = "/data/engine.db";

    private static readonly BackendOptions Manual = new()
    {
        BatchInterval = TimeSpan.Zero,
        Tree = new Engine.Storage.BTree.BTreeOptions { InitialMapSize = 16L * 1024 * 1024 },
    };

    [Fact]
    public void Expiry_DeletesEveryAttachedKeyInOneRevision_WithOneDeleteEventPerKey()
    {
        using var fs = NewFileSystem();
        var clock = new ManualLeaseClock();
        using var backend = Backend.Open(fs, DbPath, Manual);
        var lessor = new Lessor(new BackendLeaseStore(backend), clock);
        using var kv = new KvStore(backend, new KvStoreOptions { Leases = lessor });
        lessor.Promote(0);
        Assert.False(lessor.Grant(new LeaseGrantRequest { ID = 1, TTL = 5 }).IsError);
        Put(kv, "svc/b", 1);
        Put(kv, "svc/a", 1);
        Put(kv, "svc/c", 1);
        Put(kv, "plain", 0);
        Assert.Same(EtcdErrors.LeaseNotFound, PutOutcome(kv, "x", 99).Error);
        long before = kv.CurrentRevision;

        clock.AdvanceSeconds(5);
        Assert.Equal([1L], lessor.ExpiredLeases());
        List<Event> events;
        using (KvWriteTxn txn = kv.BeginWrite())
        {
            Assert.False(lessor.Revoke(new LeaseRevokeRequest { ID = 1 }, txn).IsError);
            events = [.. txn.Changes];
            txn.End(10, 2, []);
        }

        Assert.Equal(before + 1, kv.CurrentRevision);
        Assert.Equal(["svc/a", "svc/b", "svc/c"], events.Select(e => Encoding.UTF8.GetString(e.Kv!.Key!)));
        Assert.All(events, e => Assert.Equal(EventType.Delete, e.Type));
        Assert.All(events, e => Assert.Equal(before + 1, e.Kv!.ModRevision));
        Assert.Equal(["plain"], Keys(kv));
        Assert.False(lessor.Exists(1));
        backend.ForceCommit();
        Assert.Equal(10UL, backend.ReadAppliedState().ConsistentIndex);
        Assert.Empty(backend.Check());
    }

    [Fact]
    public void Restart_TheStoreReattachesLeasedKeys_SoARestoredLeasesExpiryStillDeletesThem()
    {
        using var fs = NewFileSystem();
        var clock = new ManualLeaseClock();
        using (var backend = Backend.Open(fs, DbPath, Manual))
        {
            var lessor = new Lessor(new BackendLeaseStore(backend), clock);
            using var kv = new KvStore(backend, new KvStoreOptions { Leases = lessor });
            lessor.Grant(new LeaseGrantRequest { ID = 7, TTL = 30 });
            lessor.Grant(new LeaseGrantRequest { ID = 8, TTL = 30 });
            Put(kv, "a", 7);
            Put(kv, "b", 7);
            Put(kv, "c", 8);
            Put(kv, "b", 8);
            backend.ForceCommit();
        }

        using (var backend = Backend.Open(fs, DbPath, Manual))
        {
            var lessor = new Lessor(new BackendLeaseStore(backend), clock);
            using var kv = new KvStore(backend, new KvStoreOptions { Leases = lessor });
            Assert.Equal(["a"], lessor.KeysOf(7).Select(k => Encoding.UTF8.GetString(k)));
            Assert.Equal(["b", "c"], lessor.KeysOf(8).Select(k => Encoding.UTF8.GetString(k)));
            lessor.Promote(1000);
            clock.AdvanceSeconds(31);
            Assert.Equal([7L, 8L], lessor.ExpiredLeases().Order());
            using (KvWriteTxn txn = kv.BeginWrite())
            {
                lessor.Revoke(new LeaseRevokeRequest { ID = 8 }, txn);
                txn.End(20, 3, []);
            }

            Assert.Equal(["a"], Keys(kv));
            backend.ForceCommit();
            Assert.Empty(backend.Check());
        }
    }

    private static CrashFileSystem NewFileSystem()
    {
        var fs = new CrashFileSystem();
        fs.CreateDirectory("/data");
        return fs;
    }

    private static void Put(KvStore kv, string key, long lease) => Assert.False(PutOutcome(kv, key, lease).IsError);

    private static Outcome<PutResponse> PutOutcome(KvStore kv, string key, long lease)
    {
        using KvWriteTxn txn = kv.BeginWrite();
        return txn.Put(new PutRequest { Key = Encoding.UTF8.GetBytes(key), Value = "v"u8.ToArray(), Lease = lease });
    }

    private static List<string> Keys(KvStore kv)
    {
        RangeResponse response = kv.Range(new RangeRequest { Key = [0], RangeEnd = [0] }).Value!;
        return [.. (response.Kvs ?? []).Select(k => Encoding.UTF8.GetString(k.Key!))];
    }
}
