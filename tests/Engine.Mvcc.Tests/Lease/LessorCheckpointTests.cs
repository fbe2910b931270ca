using Engine.Mvcc.Lease;
using Engine.Protocol;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>etcd's LeaseCheckpoint (PRs #9924, #13508): remaining TTL survives a leader change instead of resetting.</summary>
public sealed class LessorCheckpointTests
{
    private static readonly LessorOptions EveryMinute = new() { CheckpointIntervalMilliseconds = 60_000 };

    [Fact]
    public void Checkpoint_IsProducedForLongLeasesAfterTheInterval_WithRemainingSecondsRoundedUp()
    {
        var h = new LessorHarness(EveryMinute);
        h.Grant(1, 600);
        h.Grant(2, 30);
        h.Clock.AdvanceSeconds(59.5);
        Assert.Empty(h.Lessor.DueCheckpoints());
        h.Clock.AdvanceSeconds(0.5);
        Assert.Equal([new LeaseCheckpoint(1, 540)], h.ApplyDueCheckpoints());
        Assert.Equal(540, h.Store.Get(1).RemainingTtlSeconds);
        Assert.Equal(0, h.Store.Get(2).RemainingTtlSeconds);

        h.Clock.AdvanceSeconds(60.3);
        Assert.Equal([new LeaseCheckpoint(1, 480)], h.ApplyDueCheckpoints());
        h.Store.CheckStructure();
    }

    [Fact]
    public void Checkpoint_KeepsRemainingTtlAcrossDemoteAndPromote_InsteadOfTheFullTtl()
    {
        var h = new LessorHarness(EveryMinute);
        h.Grant(1, 600);
        h.Clock.AdvanceSeconds(300);
        for (int i = 0; i < 5; i++)
        {
            h.Clock.AdvanceSeconds(0.001);
            h.ApplyDueCheckpoints();
        }

        Assert.Equal(300, h.Store.Get(1).RemainingTtlSeconds);
        h.Lessor.Demote();
        h.Clock.AdvanceSeconds(20);
        h.Lessor.Promote(extendMilliseconds: 1000);

        LeaseTimeToLiveResponse ttl = h.TimeToLive(1);
        Assert.Equal(301, ttl.TTL);
        Assert.Equal(600, ttl.GrantedTTL);
        h.Clock.AdvanceSeconds(301);
        Assert.Equal([1L], h.RevokeExpired());
        h.Store.CheckStructure();
    }

    [Fact]
    public void WithoutCheckpoints_ALeaderChangeResetsTheLeaseToItsFullTtl()
    {
        var h = new LessorHarness(new LessorOptions { CheckpointIntervalMilliseconds = 0 });
        h.Grant(1, 600);
        h.Clock.AdvanceSeconds(300);
        Assert.Empty(h.Lessor.DueCheckpoints());
        h.Lessor.Demote();
        h.Lessor.Promote(1000);
        Assert.Equal(601, h.TimeToLive(1).TTL);
    }

    [Fact]
    public void Checkpoint_AppliedOnAFollower_IsUsedWhenThatFollowerIsPromoted()
    {
        var leader = new LessorHarness(EveryMinute);
        var follower = new LessorHarness(EveryMinute, primary: false, clock: leader.Clock);
        leader.Grant(1, 900);
        follower.Grant(1, 900);
        leader.Clock.AdvanceSeconds(120);
        IReadOnlyList<LeaseCheckpoint> due = leader.ApplyDueCheckpoints();
        follower.Lessor.Checkpoint(due);
        Assert.Equal([new LeaseCheckpoint(1, 780)], due);

        follower.Lessor.Promote(1000);
        Assert.Equal(781, follower.TimeToLive(1).TTL);
        follower.Store.CheckStructure();
    }

    [Fact]
    public void KeepAlive_AfterACheckpoint_QueuesAResetCheckpoint_SoALaterLeaderGrantsTheFullTtl()
    {
        var h = new LessorHarness(EveryMinute);
        h.Grant(1, 600);
        h.Clock.AdvanceSeconds(61);
        h.ApplyDueCheckpoints();
        Assert.Equal(539, h.Store.Get(1).RemainingTtlSeconds);

        Assert.Equal(600, h.KeepAlive(1));
        Assert.Equal(600, h.TimeToLive(1).TTL);
        Assert.Equal([new LeaseCheckpoint(1, 0)], h.ApplyDueCheckpoints());
        Assert.Equal(0, h.Store.Get(1).RemainingTtlSeconds);
        Assert.Equal(600, h.KeepAlive(1));
        Assert.Empty(h.Lessor.DueCheckpoints());

        h.Lessor.Demote();
        h.Lessor.Promote(0);
        Assert.Equal(600, h.TimeToLive(1).TTL);
    }

    [Fact]
    public void DueCheckpoints_ReschedulesALeaseJustRenewed_AndDropsRevokedOnes()
    {
        var h = new LessorHarness(EveryMinute);
        h.Grant(1, 600);
        h.Grant(2, 600);
        h.Clock.AdvanceSeconds(60);
        h.KeepAlive(1);
        h.Lessor.Revoke(new LeaseRevokeRequest { ID = 2 });
        Assert.Empty(h.ApplyDueCheckpoints());
        h.Clock.AdvanceSeconds(60);
        Assert.Equal([new LeaseCheckpoint(1, 540)], h.ApplyDueCheckpoints());
    }

    [Fact]
    public void DueCheckpoints_ProducesAtMostTheBatchLimitPerCall()
    {
        var h = new LessorHarness(new LessorOptions { CheckpointIntervalMilliseconds = 60_000, MaxCheckpointBatch = 10 });
        for (long id = 1; id <= 25; id++)
        {
            h.Grant(id, 600);
        }

        h.Clock.AdvanceSeconds(61);
        Assert.Equal(10, h.ApplyDueCheckpoints().Count);
        Assert.Equal(10, h.ApplyDueCheckpoints().Count);
        Assert.Equal(5, h.ApplyDueCheckpoints().Count);
        Assert.Empty(h.ApplyDueCheckpoints());
    }

    [Fact]
    public void Checkpoint_OfAnUnknownLease_IsIgnored()
    {
        var h = new LessorHarness(EveryMinute);
        h.Lessor.Checkpoint(99, 10);
        Assert.False(h.Lessor.Exists(99));
        Assert.Equal(0, h.Store.Saves);
    }
}
