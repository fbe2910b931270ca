using Engine.Mvcc.Lease;
using Engine.Protocol;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>Leases are restored from the lease bucket on open; keys are re-attached by the MVCC store's index rebuild.</summary>
public sealed class LessorRestoreTests
{
    [Fact]
    public void Reopen_RestoresEveryLease_WithTtlAndCheckpoint_AsAFollowerUntilPromoted()
    {
        var options = new LessorOptions { CheckpointIntervalMilliseconds = 60_000 };
        var first = new LessorHarness(options);
        first.Grant(1, 600);
        first.Grant(2, 30);
        first.Grant(3, 40);
        first.Lessor.Revoke(new LeaseRevokeRequest { ID = 3 });
        first.Clock.AdvanceSeconds(100);
        first.ApplyDueCheckpoints();

        var reopened = new LessorHarness(options, primary: false, store: first.Store, clock: first.Clock);
        Assert.Equal([1L, 2L], reopened.Lessor.Leases().Leases!.Select(l => l.ID));
        Assert.True(reopened.Lessor.Lookup(1)!.Value.IsForever);
        Assert.Equal(500, reopened.Lessor.Lookup(1)!.Value.RemainingTtlSeconds);
        Assert.Equal(30, reopened.Lessor.Lookup(2)!.Value.TtlSeconds);

        reopened.Lessor.Promote(1000);
        Assert.Equal(501, reopened.TimeToLive(1).TTL);
        Assert.Equal(31, reopened.TimeToLive(2).TTL);
        Assert.Equal(600, reopened.TimeToLive(1).GrantedTTL);
        reopened.Store.CheckStructure();
    }

    [Fact]
    public void Reopen_ReattachedKeys_AreDeletedByTheRestoredLeasesExpiry()
    {
        var first = new LessorHarness();
        first.Grant(5, 10);

        var reopened = new LessorHarness(primary: false, store: first.Store, clock: first.Clock);
        Assert.True(reopened.Kv.Put("a", 5));
        Assert.True(reopened.Kv.Put("b", 5));
        reopened.Lessor.Promote(0);
        reopened.Clock.AdvanceSeconds(10);
        Assert.Equal([5L], reopened.RevokeExpired());
        Assert.Equal(["a", "b"], reopened.Kv.DeleteCalls.Single());
        Assert.Empty(reopened.Kv.Keys);
        reopened.Store.CheckStructure();
    }

    [Fact]
    public void Reopen_WithAHigherMinimumTtl_RaisesStoredTtls_AsEtcdRecovery()
    {
        var first = new LessorHarness();
        first.Grant(1, 2);
        var reopened = new LessorHarness(new LessorOptions { MinTtlSeconds = 8 }, store: first.Store, clock: first.Clock);
        Assert.Equal(8, reopened.TimeToLive(1).GrantedTTL);
    }

    [Fact]
    public void Reload_AfterASnapshotReplacedTheStore_DropsLeasesAndAttachmentsNotInIt()
    {
        var h = new LessorHarness();
        h.Grant(1, 10);
        h.Kv.Put("k", 1);
        var snapshotStore = new InMemoryLeaseStore();
        snapshotStore.Save(new LeaseRecord(7, 20, 0));
        var fromSnapshot = new Lessor(snapshotStore, h.Clock);
        fromSnapshot.Promote(0);
        fromSnapshot.Reload();

        Assert.False(fromSnapshot.Exists(1));
        Assert.True(fromSnapshot.Exists(7));
        Assert.Equal(Lessor.NoLease, fromSnapshot.LeaseOf("k"u8));
        Assert.False(fromSnapshot.Lookup(7)!.Value.IsForever);

        h.Lessor.Reload();
        Assert.True(h.Lessor.Exists(1));
        Assert.Equal(Lessor.NoLease, h.Lessor.LeaseOf("k"u8));
    }
}
