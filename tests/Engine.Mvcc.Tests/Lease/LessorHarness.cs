using Engine.Mvcc.Lease;
using Engine.Protocol;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>A lessor over an in-memory lease bucket and a fake MVCC store, with a hand-driven clock.</summary>
public sealed class LessorHarness
{
    public LessorHarness(LessorOptions? options = null, bool primary = true, InMemoryLeaseStore? store = null, ManualLeaseClock? clock = null)
    {
        Options = options ?? new LessorOptions();
        Clock = clock ?? new ManualLeaseClock();
        Store = store ?? new InMemoryLeaseStore();
        Kv = new FakeLeasedKeyValueStore(Store);
        Lessor = new Lessor(Store, Clock, Options);
        Lessor.SetKeyDeleter(Kv);
        Kv.Lessor = Lessor;
        if (primary)
        {
            Lessor.Promote(0);
        }
    }

    public LessorOptions Options { get; }

    public ManualLeaseClock Clock { get; }

    public InMemoryLeaseStore Store { get; }

    public FakeLeasedKeyValueStore Kv { get; }

    public Lessor Lessor { get; }

    public LeaseGrantResponse Grant(long id, long ttl)
    {
        Outcome<LeaseGrantResponse> outcome = Lessor.Grant(new LeaseGrantRequest { ID = id, TTL = ttl });
        Assert.False(outcome.IsError, outcome.Error?.ToString());
        return outcome.Value!;
    }

    public long KeepAlive(long id)
    {
        Outcome<LeaseKeepAliveResponse> outcome = Lessor.KeepAlive(new LeaseKeepAliveRequest { ID = id });
        Assert.False(outcome.IsError, outcome.Error?.ToString());
        Assert.Equal(id, outcome.Value!.ID);
        return outcome.Value.TTL;
    }

    public LeaseTimeToLiveResponse TimeToLive(long id, bool keys = false)
    {
        Outcome<LeaseTimeToLiveResponse> outcome = Lessor.TimeToLive(new LeaseTimeToLiveRequest { ID = id, Keys = keys });
        Assert.False(outcome.IsError, outcome.Error?.ToString());
        return outcome.Value!;
    }

    /// <summary>What the server's expiry loop does: revoke each expired lease through the apply path.</summary>
    public IReadOnlyList<long> RevokeExpired(int max = int.MaxValue)
    {
        IReadOnlyList<long> expired = Lessor.ExpiredLeases(max);
        foreach (long id in expired)
        {
            Assert.False(Lessor.Revoke(new LeaseRevokeRequest { ID = id }).IsError);
        }

        return expired;
    }

    /// <summary>What the server's checkpoint loop does: propose and apply the due checkpoints.</summary>
    public IReadOnlyList<LeaseCheckpoint> ApplyDueCheckpoints()
    {
        IReadOnlyList<LeaseCheckpoint> due = Lessor.DueCheckpoints();
        Lessor.Checkpoint(due);
        return due;
    }
}
