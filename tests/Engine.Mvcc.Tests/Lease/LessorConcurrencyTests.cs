using Engine.Mvcc.Lease;
using Engine.Protocol;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>The lessor is called from the apply loop, the api (keep-alive, time-to-live) and the expiry loop at once.</summary>
public sealed class LessorConcurrencyTests
{
    [Fact]
    public async Task ApplyLoopAndApiThreads_Interleave_WithoutCorruptingLeaseOrKeyState()
    {
        var h = new LessorHarness();
        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var random = new Random(r);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    long id = random.Next(1, 50);
                    long ttl = h.Lessor.KeepAlive(new LeaseKeepAliveRequest { ID = id }).Value!.TTL;
                    Assert.True(ttl is 0 or 10, $"keep-alive answered {ttl}");
                    LeaseTimeToLiveResponse info = h.Lessor.TimeToLive(new LeaseTimeToLiveRequest { ID = id, Keys = true }).Value!;
                    Assert.True(info.TTL == -1 || info.GrantedTTL == 10);
                    h.Lessor.LeaseOf(System.Text.Encoding.UTF8.GetBytes($"k{random.Next(100)}"));
                    h.Lessor.Leases();
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToArray();

        var apply = new Random(42);
        for (int step = 0; step < 20_000; step++)
        {
            long id = apply.Next(1, 50);
            switch (apply.Next(3))
            {
                case 0: h.Lessor.Grant(new LeaseGrantRequest { ID = id, TTL = 10 }); break;
                case 1: h.Kv.Put($"k{apply.Next(100)}", h.Lessor.Exists(id) ? id : 0); break;
                default: h.Lessor.Revoke(new LeaseRevokeRequest { ID = id }); break;
            }
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Empty(failures);
        foreach (string key in h.Kv.Keys)
        {
            long holder = h.Lessor.LeaseOf(System.Text.Encoding.UTF8.GetBytes(key));
            Assert.True(holder == Lessor.NoLease || h.Lessor.KeysOf(holder).Any(k => System.Text.Encoding.UTF8.GetString(k) == key));
        }

        Assert.Equal(h.Lessor.Count, h.Store.LoadAll().Count);
        h.Store.CheckStructure();
    }
}
