using Engine.Mvcc.Lease;
using Engine.Protocol;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>Grant, revoke, keep-alive, time-to-live and list, as etcd's lessor and v3rpc lease server answer them.</summary>
public sealed class LessorGrantRevokeTests
{
    [Fact]
    public void Grant_TtlBelowMinimum_IsRaisedToCeilOneAndAHalfElectionTimeouts()
    {
        var options = LessorOptions.ForElectionTimeout(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(2, options.MinTtlSeconds);
        Assert.Equal(8, LessorOptions.MinTtlFor(TimeSpan.FromMilliseconds(5000)));
        Assert.Equal(3, LessorOptions.MinTtlFor(TimeSpan.FromMilliseconds(1400)));
        var h = new LessorHarness(options);

        Assert.Equal(2, h.Grant(1, 1).TTL);
        Assert.Equal(2, h.Grant(2, 0).TTL);
        Assert.Equal(2, h.Grant(3, -5).TTL);
        Assert.Equal(3, h.Grant(4, 3).TTL);
        Assert.Equal(2, h.TimeToLive(1).GrantedTTL);
        h.Store.CheckStructure();
    }

    [Fact]
    public void Grant_TtlAboveNineBillionSeconds_FailsWithEtcdTooLargeLeaseTtl()
    {
        var h = new LessorHarness();
        Outcome<LeaseGrantResponse> tooLarge = h.Lessor.Grant(new LeaseGrantRequest { ID = 1, TTL = Lessor.MaxLeaseTtlSeconds + 1 });
        Assert.Same(EtcdErrors.LeaseTtlTooLarge, tooLarge.Error);
        Assert.Equal("etcdserver: too large lease TTL", tooLarge.Error!.Message);
        Assert.False(h.Lessor.Exists(1));

        Assert.Equal(Lessor.MaxLeaseTtlSeconds, h.Grant(2, Lessor.MaxLeaseTtlSeconds).TTL);
        h.Store.CheckStructure();
    }

    [Fact]
    public void Grant_DuplicateId_FailsWithLeaseAlreadyExists_AndKeepsTheFirst()
    {
        var h = new LessorHarness();
        h.Grant(7, 10);
        Outcome<LeaseGrantResponse> again = h.Lessor.Grant(new LeaseGrantRequest { ID = 7, TTL = 100 });
        Assert.Same(EtcdErrors.LeaseExists, again.Error);
        Assert.Equal(10, h.TimeToLive(7).GrantedTTL);
        Assert.Equal(1, h.Store.Saves);
        h.Store.CheckStructure();
    }

    [Fact]
    public void Grant_IdZeroAtApply_IsRefusedAsEtcdNoLease()
    {
        var h = new LessorHarness();
        Assert.Same(EtcdErrors.LeaseNotFound, h.Lessor.Grant(new LeaseGrantRequest { ID = 0, TTL = 10 }).Error);
        Assert.Equal(0, h.Lessor.Count);
    }

    [Fact]
    public void AssignId_DrawsPositiveUnusedIdsFromTheMemberGenerator()
    {
        var h = new LessorHarness();
        h.Grant(5, 10);
        var draws = new Queue<long>([0, 5, -3, 99]);
        var request = new LeaseGrantRequest { TTL = 10 };
        h.Lessor.AssignId(request, () => draws.Dequeue());
        Assert.Equal(-3 & long.MaxValue, request.ID);
        Assert.True(request.ID > 0);

        var explicitId = new LeaseGrantRequest { ID = 42, TTL = 10 };
        h.Lessor.AssignId(explicitId, () => throw new InvalidOperationException("an explicit id must not be replaced"));
        Assert.Equal(42, explicitId.ID);
    }

    [Fact]
    public void Revoke_UnknownLease_FailsWithRequestedLeaseNotFound()
    {
        var h = new LessorHarness();
        Outcome<LeaseRevokeResponse> outcome = h.Lessor.Revoke(new LeaseRevokeRequest { ID = 123 });
        Assert.Same(EtcdErrors.LeaseNotFound, outcome.Error);
        Assert.Equal(GrpcCode.NotFound, outcome.Error!.Code);
        Assert.Equal("etcdserver: requested lease not found", outcome.Error.Message);
        Assert.Empty(h.Kv.DeleteCalls);
    }

    [Fact]
    public void Revoke_DeletesEveryAttachedKeyInOneTransaction_OneRevision_OneDeletePerKey()
    {
        var h = new LessorHarness();
        h.Grant(1, 30);
        h.Grant(2, 30);
        Assert.True(h.Kv.Put("zeta", 1));
        Assert.True(h.Kv.Put("alpha", 1));
        Assert.True(h.Kv.Put("mid", 1));
        Assert.True(h.Kv.Put("other", 2));
        Assert.True(h.Kv.Put("plain", 0));
        long before = h.Kv.Revision;

        Assert.False(h.Lessor.Revoke(new LeaseRevokeRequest { ID = 1 }).IsError);

        Assert.Single(h.Kv.DeleteCalls);
        Assert.Equal(["alpha", "mid", "zeta"], h.Kv.DeleteCalls[0]);
        Assert.Equal(before + 1, h.Kv.Revision);
        Assert.Equal([(before + 1, "alpha"), (before + 1, "mid"), (before + 1, "zeta")], h.Kv.DeleteEvents);
        Assert.Equal(["other", "plain"], h.Kv.Keys);
        Assert.False(h.Lessor.Exists(1));
        Assert.False(h.Store.Contains(1));
        Assert.Equal(1, h.Store.LockedDeletes);
        Assert.Equal(Lessor.NoLease, h.Lessor.LeaseOf("alpha"u8));
        Assert.Equal(2, h.Lessor.LeaseOf("other"u8));
        Assert.Same(EtcdErrors.LeaseNotFound, h.Lessor.Revoke(new LeaseRevokeRequest { ID = 1 }).Error);
        h.Store.CheckStructure();
    }

    [Fact]
    public void Revoke_LeaseWithoutKeys_DoesNotBumpTheRevision_ButRemovesTheRecord()
    {
        var h = new LessorHarness();
        h.Grant(3, 30);
        long before = h.Kv.Revision;
        Assert.False(h.Lessor.Revoke(new LeaseRevokeRequest { ID = 3 }).IsError);
        Assert.Equal(before, h.Kv.Revision);
        Assert.Empty(h.Kv.DeleteEvents);
        Assert.False(h.Store.Contains(3));
        h.Store.CheckStructure();
    }

    [Fact]
    public void Attach_MovesAKeyBetweenLeases_AndRefusesUnknownLeases()
    {
        var h = new LessorHarness();
        h.Grant(1, 30);
        h.Grant(2, 30);
        Assert.False(h.Lessor.Attach(9, "k"u8.ToArray()));
        Assert.True(h.Kv.Put("k", 1));
        Assert.True(h.Kv.Put("k", 2));
        Assert.Equal(2, h.Lessor.LeaseOf("k"u8));
        Assert.Empty(h.Lessor.KeysOf(1));
        Assert.Equal(["k"u8.ToArray()], h.Lessor.KeysOf(2));
        Assert.False(h.Kv.Put("x", 9));

        h.Kv.Delete("k");
        Assert.Empty(h.Lessor.KeysOf(2));
        Assert.Equal(Lessor.NoLease, h.Lessor.LeaseOf("k"u8));
        Assert.False(h.Lessor.Detach(2, "k"u8));
    }

    [Fact]
    public void KeepAlive_UnknownLease_AnswersTtlZero_AsEtcdV3rpc()
    {
        var h = new LessorHarness();
        Outcome<LeaseKeepAliveResponse> outcome = h.Lessor.KeepAlive(new LeaseKeepAliveRequest { ID = 77 });
        Assert.False(outcome.IsError);
        Assert.Equal(77, outcome.Value!.ID);
        Assert.Equal(0, outcome.Value.TTL);
    }

    [Fact]
    public void KeepAlive_RenewsToTheGrantedTtl()
    {
        var h = new LessorHarness();
        h.Grant(1, 10);
        h.Clock.AdvanceSeconds(7);
        Assert.Equal(3, h.TimeToLive(1).TTL);
        Assert.Equal(10, h.KeepAlive(1));
        Assert.Equal(10, h.TimeToLive(1).TTL);
        h.Clock.AdvanceSeconds(9.5);
        Assert.Empty(h.Lessor.ExpiredLeases());
        Assert.Equal(10, h.KeepAlive(1));
        h.Clock.AdvanceSeconds(9.9);
        Assert.Empty(h.Lessor.ExpiredLeases());
        h.Clock.AdvanceSeconds(0.2);
        Assert.Equal([1L], h.Lessor.ExpiredLeases());
    }

    [Fact]
    public void KeepAlive_OnExpiredLeaseAwaitingRevoke_AnswersGone()
    {
        var h = new LessorHarness();
        h.Grant(1, 5);
        h.Clock.AdvanceSeconds(6);
        Assert.Equal(0, h.KeepAlive(1));
        Assert.Equal([1L], h.Lessor.ExpiredLeases());
    }

    [Fact]
    public void KeepAliveAndTimeToLive_OnAFollower_AnswerNotLeader()
    {
        var h = new LessorHarness(primary: false);
        h.Grant(1, 5);
        Assert.Same(EtcdErrors.NotLeader, h.Lessor.KeepAlive(new LeaseKeepAliveRequest { ID = 1 }).Error);
        Assert.Same(EtcdErrors.NotLeader, h.Lessor.TimeToLive(new LeaseTimeToLiveRequest { ID = 1 }).Error);
    }

    [Fact]
    public void TimeToLive_UnknownLease_AnswersTtlMinusOne_AsEtcdV3rpc()
    {
        var h = new LessorHarness();
        LeaseTimeToLiveResponse response = h.TimeToLive(404);
        Assert.Equal(404, response.ID);
        Assert.Equal(-1, response.TTL);
        Assert.Equal(0, response.GrantedTTL);
    }

    [Fact]
    public void TimeToLive_ReportsTruncatedRemainingSeconds_GrantedTtl_AndSortedKeysWhenAsked()
    {
        var h = new LessorHarness();
        h.Grant(1, 60);
        h.Kv.Put("b", 1);
        h.Kv.Put("a", 1);
        h.Clock.AdvanceSeconds(10.4);
        LeaseTimeToLiveResponse response = h.TimeToLive(1, keys: true);
        Assert.Equal(49, response.TTL);
        Assert.Equal(60, response.GrantedTTL);
        Assert.Equal(["a"u8.ToArray(), "b"u8.ToArray()], response.Keys!);
        Assert.Null(h.TimeToLive(1, keys: false).Keys);
    }

    [Fact]
    public void Leases_ListsEveryLeaseOrderedByExpiry()
    {
        var h = new LessorHarness();
        h.Grant(1, 50);
        h.Grant(2, 10);
        h.Grant(3, 30);
        h.Grant(4, 10);
        Assert.Equal([2L, 4, 3, 1], h.Lessor.Leases().Leases!.Select(s => s.ID));
        h.Lessor.Revoke(new LeaseRevokeRequest { ID = 3 });
        Assert.Equal([2L, 4, 1], h.Lessor.Leases().Leases!.Select(s => s.ID));
    }
}
