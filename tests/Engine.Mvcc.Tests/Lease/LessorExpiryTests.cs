using Engine.Mvcc.Lease;
using Engine.Protocol;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>Expiry as etcd's lessor decides it: on the leader only, rate-limited, retried, extended on promotion.</summary>
public sealed class LessorExpiryTests
{
    [Fact]
    public void Expiry_RevokesThroughTheDeleter_AllAttachedKeysInOneRevision_OneDeleteEventPerKey()
    {
        var h = new LessorHarness();
        h.Grant(1, 5);
        h.Grant(2, 50);
        foreach (string key in new[] { "svc/c", "svc/a", "svc/b" })
        {
            Assert.True(h.Kv.Put(key, 1));
        }

        h.Kv.Put("keep", 2);
        long before = h.Kv.Revision;
        h.Clock.AdvanceSeconds(4.999);
        Assert.Empty(h.RevokeExpired());
        h.Clock.AdvanceSeconds(0.001);

        Assert.Equal([1L], h.RevokeExpired());

        Assert.Single(h.Kv.DeleteCalls);
        Assert.Equal(["svc/a", "svc/b", "svc/c"], h.Kv.DeleteCalls[0]);
        Assert.Equal(before + 1, h.Kv.Revision);
        Assert.Equal(3, h.Kv.DeleteEvents.Count);
        Assert.All(h.Kv.DeleteEvents, e => Assert.Equal(before + 1, e.Revision));
        Assert.Equal(["keep"], h.Kv.Keys);
        Assert.False(h.Lessor.Exists(1));
        Assert.False(h.Store.Contains(1));
        Assert.Equal(-1, h.TimeToLive(1).TTL);
        h.Store.CheckStructure();
    }

    [Fact]
    public void Follower_NeverExpiresLeases()
    {
        var h = new LessorHarness(primary: false);
        h.Grant(1, 2);
        h.Kv.Put("k", 1);
        h.Clock.AdvanceSeconds(3600);
        Assert.Empty(h.Lessor.ExpiredLeases());
        Assert.True(h.Lessor.Lookup(1)!.Value.IsForever);
        Assert.Empty(h.Lessor.DueCheckpoints());
        Assert.True(h.Lessor.Exists(1));
    }

    [Fact]
    public void Demote_StopsExpiry_AndPromote_ExtendsEveryLeaseByTheGivenElectionTimeout()
    {
        var h = new LessorHarness();
        h.Grant(1, 10);
        h.Clock.AdvanceSeconds(8);
        h.Lessor.Demote();
        Assert.False(h.Lessor.IsPrimary);
        h.Clock.AdvanceSeconds(100);
        Assert.Empty(h.Lessor.ExpiredLeases());

        h.Lessor.Promote(extendMilliseconds: 1000);
        Assert.True(h.Lessor.IsPrimary);
        Assert.Equal(11, h.TimeToLive(1).TTL);
        h.Clock.AdvanceSeconds(10.999);
        Assert.Empty(h.Lessor.ExpiredLeases());
        h.Clock.AdvanceSeconds(0.001);
        Assert.Equal([1L], h.Lessor.ExpiredLeases());
    }

    [Fact]
    public void KeepAlive_RightAfterAPromotionExtension_ExpiresAtTheRenewedTtl_NotTheExtendedOne()
    {
        var h = new LessorHarness(primary: false);
        h.Grant(1, 10);
        h.Lessor.Promote(extendMilliseconds: 5000);
        Assert.Equal(15, h.TimeToLive(1).TTL);
        Assert.Equal(10, h.KeepAlive(1));
        h.Clock.AdvanceSeconds(9.999);
        Assert.Empty(h.Lessor.ExpiredLeases());
        h.Clock.AdvanceSeconds(0.001);
        Assert.Equal([1L], h.Lessor.ExpiredLeases());
    }

    [Fact]
    public void ExpiredLeases_IsRateLimitedToTheRevokeRate()
    {
        var h = new LessorHarness(new LessorOptions { RevokeRatePerSecond = 100 });
        for (long id = 1; id <= 300; id++)
        {
            h.Grant(id, 5);
        }

        h.Clock.AdvanceSeconds(6);
        Assert.Equal(50, h.RevokeExpired().Count);
        Assert.Empty(h.RevokeExpired());
        h.Clock.AdvanceSeconds(0.2);
        Assert.Equal(20, h.RevokeExpired().Count);
        h.Clock.AdvanceSeconds(10);
        Assert.Equal(50, h.RevokeExpired().Count);
        h.Clock.AdvanceSeconds(1);
        Assert.Equal(7, h.RevokeExpired(max: 7).Count);
        Assert.Equal(300 - 127, h.Lessor.Count);
    }

    [Fact]
    public void ExpiredLeases_OffersAnUnrevokedLeaseAgainAfterTheRetryInterval()
    {
        var h = new LessorHarness();
        h.Grant(1, 5);
        h.Clock.AdvanceSeconds(5);
        Assert.Equal([1L], h.Lessor.ExpiredLeases());
        h.Clock.AdvanceSeconds(2.9);
        Assert.Empty(h.Lessor.ExpiredLeases());
        h.Clock.AdvanceSeconds(0.1);
        Assert.Equal([1L], h.Lessor.ExpiredLeases());
    }

    [Fact]
    public void ExpiredLeases_SkipsALeaseRenewedSinceItWasQueued()
    {
        var h = new LessorHarness();
        h.Grant(1, 5);
        h.Grant(2, 5);
        h.Clock.AdvanceSeconds(4);
        h.KeepAlive(1);
        h.Clock.AdvanceSeconds(1);
        Assert.Equal([2L], h.RevokeExpired());
        h.Clock.AdvanceSeconds(3.999);
        Assert.Empty(h.RevokeExpired());
        h.Clock.AdvanceSeconds(0.001);
        Assert.Equal([1L], h.RevokeExpired());
    }

    [Fact]
    public void Promote_WithManyLeasesExpiringTogether_SpreadsThemToThreeQuartersOfTheRevokeRate()
    {
        var h = new LessorHarness(new LessorOptions { RevokeRatePerSecond = 100 }, primary: false);
        for (long id = 1; id <= 400; id++)
        {
            h.Grant(id, 10);
        }

        h.Lessor.Promote(0);
        var perSecond = new Dictionary<long, int>();
        foreach (LeaseStatus status in h.Lessor.Leases().Leases!)
        {
            long second = (h.Lessor.Lookup(status.ID)!.Value.ExpiryMilliseconds - h.Clock.NowMilliseconds) / 1000;
            perSecond[second] = perSecond.GetValueOrDefault(second) + 1;
            Assert.True(second >= 10, $"lease {status.ID} expires before its TTL");
        }

        Assert.All(perSecond.Values, count => Assert.True(count <= 75 + 1, $"{count} leases expire in one second"));
        Assert.Equal(400, perSecond.Values.Sum());
    }

    [Fact]
    public void Grant_OnTheLeader_IsTrackedForExpiry_OnAFollower_IsNot()
    {
        var h = new LessorHarness();
        h.Grant(1, 3);
        h.Lessor.Demote();
        h.Grant(2, 3);
        h.Lessor.Promote(0);
        h.Clock.AdvanceSeconds(3);
        Assert.Equal([1L, 2L], h.Lessor.ExpiredLeases().Order());
    }

    [Fact]
    public void SeededRandomOperations_MatchASimpleModelOfLeaderExpiry()
    {
        Engine.TestKit.Seeds.Run(40, seed =>
        {
            var random = new Random(seed);
            var h = new LessorHarness();
            var expiry = new Dictionary<long, long>();
            for (int step = 0; step < 300; step++)
            {
                long id = random.Next(1, 20);
                switch (random.Next(5))
                {
                    case 0:
                        long ttl = random.Next(1, 10);
                        bool granted = !h.Lessor.Grant(new LeaseGrantRequest { ID = id, TTL = ttl }).IsError;
                        Assert.Equal(!expiry.ContainsKey(id), granted);
                        if (granted)
                        {
                            expiry[id] = h.Clock.NowMilliseconds + (Math.Max(2, ttl) * 1000);
                        }

                        break;
                    case 1:
                        long answer = h.Lessor.KeepAlive(new LeaseKeepAliveRequest { ID = id }).Value!.TTL;
                        bool alive = expiry.TryGetValue(id, out long at) && at > h.Clock.NowMilliseconds;
                        Assert.Equal(alive, answer > 0);
                        if (alive)
                        {
                            expiry[id] = h.Clock.NowMilliseconds + (answer * 1000);
                        }

                        break;
                    case 2:
                        h.Clock.Advance(random.Next(0, 3000));
                        break;
                    default:
                        var expected = expiry.Where(e => e.Value <= h.Clock.NowMilliseconds).Select(e => e.Key).Order().ToList();
                        var revoked = h.RevokeExpired().Order().ToList();
                        Assert.Equal(expected, revoked);
                        revoked.ForEach(r => expiry.Remove(r));
                        break;
                }
            }

            Assert.Equal(expiry.Keys.Order(), h.Lessor.Leases().Leases!.Select(l => l.ID).Order());
            h.Store.CheckStructure();
        });
    }
}
