using Engine.Mvcc.Lease;
using Engine.Protocol;
using Engine.Storage.Backend;
using Engine.Storage.Schema;
using Engine.TestKit.IO;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>Leases persisted in the real backend's lease bucket survive a reopen and a crash after commit.</summary>
public sealed class LessorBackendTests
{
    private const string DbPath = "/data/engine.db";

    private static readonly BackendOptions Manual = new()
    {
        BatchInterval = TimeSpan.Zero,
        Tree = new Engine.Storage.BTree.BTreeOptions { InitialMapSize = 16L * 1024 * 1024 },
    };

    [Fact]
    public void LeasesSurviveRestart_GrantsCheckpointsAndRevokes_PersistAndRestoreOnOpen()
    {
        using var fs = NewFileSystem();
        var clock = new ManualLeaseClock();
        var options = new LessorOptions { CheckpointIntervalMilliseconds = 60_000 };
        using (var backend = Backend.Open(fs, DbPath, Manual))
        {
            var lessor = Open(backend, clock, options);
            lessor.Promote(0);
            Grant(lessor, 1, 600);
            Grant(lessor, 2, 30);
            Grant(lessor, -9, 45);
            Grant(lessor, 3, 1);
            Assert.False(lessor.Revoke(new LeaseRevokeRequest { ID = 2 }).IsError);
            clock.AdvanceSeconds(90);
            lessor.Checkpoint(lessor.DueCheckpoints());
            backend.ForceCommit();
            AssertSound(backend);
        }

        using (var backend = Backend.Open(fs, DbPath, Manual))
        {
            var lessor = Open(backend, clock, options);
            Assert.Equal([-9L, 1, 3], lessor.Leases().Leases!.Select(l => l.ID).Order());
            Assert.Equal(new LeaseSnapshot(1, 600, 510, long.MaxValue, 0), lessor.Lookup(1));
            Assert.Equal(new LeaseSnapshot(3, 2, 0, long.MaxValue, 0), lessor.Lookup(3));
            lessor.Promote(1000);
            Assert.Equal(511, lessor.TimeToLive(new LeaseTimeToLiveRequest { ID = 1 }).Value!.TTL);
            Assert.Equal(46, lessor.TimeToLive(new LeaseTimeToLiveRequest { ID = -9 }).Value!.TTL);
            AssertSound(backend);
        }
    }

    [Fact]
    public void Crash_AfterCommit_KeepsTheLease_BeforeCommit_LosesOnlyTheUncommittedOne()
    {
        using var fs = NewFileSystem();
        var clock = new ManualLeaseClock();
        using (var backend = Backend.Open(fs, DbPath, Manual))
        {
            var lessor = Open(backend, clock, new LessorOptions());
            Grant(lessor, 10, 60);
            backend.ForceCommit();
            Grant(lessor, 11, 60);
            using var rebooted = fs.AfterCrash(DamageModel.DropUnsynced, new Random(1));
            using var reopened = Backend.Open(rebooted, DbPath, Manual);
            var restored = Open(reopened, clock, new LessorOptions());
            Assert.True(restored.Exists(10));
            Assert.False(restored.Exists(11));
            AssertSound(reopened);
        }
    }

    [Fact]
    public void Revoke_DeletesTheLeaseRecordInsideTheDeletersTransaction_AndTheKeysWithIt()
    {
        using var fs = NewFileSystem();
        var clock = new ManualLeaseClock();
        using (var backend = Backend.Open(fs, DbPath, Manual))
        {
            var deleter = new KeyBucketDeleter(backend);
            var lessor = Open(backend, clock, new LessorOptions(), deleter);
            Grant(lessor, 5, 60);
            PutKey(backend, "a");
            PutKey(backend, "b");
            lessor.Attach(5, "a"u8.ToArray());
            lessor.Attach(5, "b"u8.ToArray());
            backend.ForceCommit();

            Assert.False(lessor.Revoke(new LeaseRevokeRequest { ID = 5 }).IsError);
            Assert.Equal(1, deleter.Calls);
            Assert.True(deleter.RecordGoneInsideTransaction);
            backend.ForceCommit();
        }

        using (var backend = Backend.Open(fs, DbPath, Manual))
        {
            using var tx = backend.ConcurrentReadTx();
            Assert.False(tx.TryGet(Buckets.Lease, LeaseRecordCodec.EncodeKey(5), out _));
            Assert.False(tx.TryGet(Buckets.Key, "a"u8, out _));
            Assert.False(tx.TryGet(Buckets.Key, "b"u8, out _));
            Assert.Equal(0, Open(backend, clock, new LessorOptions()).Count);
        }
    }

    private static CrashFileSystem NewFileSystem()
    {
        var fs = new CrashFileSystem();
        fs.CreateDirectory("/data");
        return fs;
    }

    private static Lessor Open(Backend backend, ILeaseClock clock, LessorOptions options, ILeaseKeyDeleter? deleter = null)
    {
        var lessor = new Lessor(new BackendLeaseStore(backend), clock, options);
        lessor.SetKeyDeleter(deleter ?? new KeyBucketDeleter(backend));
        return lessor;
    }

    private static void Grant(Lessor lessor, long id, long ttl) =>
        Assert.False(lessor.Grant(new LeaseGrantRequest { ID = id, TTL = ttl }).IsError);

    private static void PutKey(Backend backend, string key)
    {
        backend.BatchTx.Lock();
        try
        {
            backend.BatchTx.PutLocked(Buckets.Key, System.Text.Encoding.UTF8.GetBytes(key), "v"u8);
        }
        finally
        {
            backend.BatchTx.Unlock();
        }
    }

    /// <summary>Every test ends with a structural check of the db file and of the lease bucket's entries.</summary>
    private static void AssertSound(Backend backend)
    {
        Assert.Empty(backend.Check());
        new BackendLeaseStore(backend).LoadAll();
    }

    /// <summary>Stands in for the MVCC store: deletes raw keys from the key bucket under one batch lock.</summary>
    private sealed class KeyBucketDeleter(Backend backend) : ILeaseKeyDeleter
    {
        public int Calls { get; private set; }

        public bool RecordGoneInsideTransaction { get; private set; }

        public void DeleteKeys(IReadOnlyList<byte[]> sortedKeys, Action whileLocked)
        {
            Calls++;
            backend.BatchTx.Lock();
            try
            {
                foreach (byte[] key in sortedKeys)
                {
                    backend.BatchTx.DeleteLocked(Buckets.Key, key);
                }

                whileLocked();
                RecordGoneInsideTransaction = new BackendLeaseStore(backend).LoadAll().Count == 0;
            }
            finally
            {
                backend.BatchTx.Unlock();
            }
        }
    }
}
