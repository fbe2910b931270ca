using System.Diagnostics;
using Engine.Mvcc.Lease;
using Engine.Protocol;

namespace Engine.Perf.Mvcc.Lease;

/// <summary>
/// The lease part of the watch/lease benchmark: keep-alive throughput, the cost of one expiry tick, grant+attach+revoke
/// throughput and memory per lease, each beside a naive peer measured in the same run (a plain dictionary for keep-alive,
/// a linear scan for expiry). Stopwatch medians over several rounds; run with <c>dotnet run -c Release -- lease</c>.
/// </summary>
public static class LeaseBenchmark
{
    public static int Run(int leaseCount = 100_000, int rounds = 5)
    {
        Console.WriteLine($"lease benchmark: {leaseCount:N0} leases, median of {rounds} rounds");
        Report("keep-alive (ops/s)", rounds, () => KeepAlive(leaseCount), () => NaiveKeepAlive(leaseCount));
        Report("expiry tick, nothing expired (ticks/s)", rounds, () => ExpiryTick(leaseCount), () => NaiveExpiryTick(leaseCount));
        Report("grant+attach+revoke (leases/s)", rounds, () => GrantAttachRevoke(leaseCount / 10), null);
        Console.WriteLine($"memory per lease with one key: {MemoryPerLease(leaseCount):N0} bytes");
        return 0;
    }

    private static void Report(string name, int rounds, Func<double> measure, Func<double>? peer)
    {
        var ours = new List<double>();
        var theirs = new List<double>();
        for (int i = 0; i < rounds; i++)
        {
            ours.Add(measure());
            if (peer is not null)
            {
                theirs.Add(peer());
            }
        }

        double median = Median(ours);
        string peerText = peer is null ? string.Empty : $"   naive peer {Median(theirs):N0}   ratio {median / Median(theirs):F2}";
        Console.WriteLine($"{name,-42} lessor {median:N0}{peerText}");
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static Lessor NewLessor(BenchClock clock, int leases, long ttl = 60)
    {
        var lessor = new Lessor(new NullLeaseStore(), clock, new LessorOptions());
        lessor.SetKeyDeleter(new NoKeyDeleter());
        lessor.Promote(0);
        for (long id = 1; id <= leases; id++)
        {
            lessor.Grant(new LeaseGrantRequest { ID = id, TTL = ttl });
        }

        return lessor;
    }

    private static double KeepAlive(int leases)
    {
        var clock = new BenchClock();
        Lessor lessor = NewLessor(clock, leases);
        var random = new Random(1);
        const int operations = 1_000_000;
        var request = new LeaseKeepAliveRequest();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < operations; i++)
        {
            clock.Now += i & 1;
            request.ID = random.Next(1, leases + 1);
            lessor.KeepAlive(request);
        }

        return operations / watch.Elapsed.TotalSeconds;
    }

    private static double NaiveKeepAlive(int leases)
    {
        var expiry = new Dictionary<long, long>();
        for (long id = 1; id <= leases; id++)
        {
            expiry[id] = 60_000;
        }

        var random = new Random(1);
        const int operations = 1_000_000;
        var watch = Stopwatch.StartNew();
        long now = 0;
        for (int i = 0; i < operations; i++)
        {
            now += i & 1;
            long id = random.Next(1, leases + 1);
            lock (expiry)
            {
                if (expiry.ContainsKey(id))
                {
                    expiry[id] = now + 60_000;
                }
            }
        }

        return operations / watch.Elapsed.TotalSeconds;
    }

    private static double ExpiryTick(int leases)
    {
        var clock = new BenchClock();
        Lessor lessor = NewLessor(clock, leases, ttl: 3600);
        const int ticks = 100_000;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < ticks; i++)
        {
            clock.Now++;
            if (lessor.ExpiredLeases(500).Count != 0)
            {
                throw new InvalidOperationException("nothing should expire");
            }
        }

        return ticks / watch.Elapsed.TotalSeconds;
    }

    private static double NaiveExpiryTick(int leases)
    {
        var expiry = new Dictionary<long, long>();
        for (long id = 1; id <= leases; id++)
        {
            expiry[id] = 60_000;
        }

        const int ticks = 200;
        var watch = Stopwatch.StartNew();
        for (long now = 0; now < ticks; now++)
        {
            var expired = new List<long>();
            foreach (var (id, at) in expiry)
            {
                if (at <= now && expired.Count < 500)
                {
                    expired.Add(id);
                }
            }

            if (expired.Count != 0)
            {
                throw new InvalidOperationException("nothing should expire");
            }
        }

        return ticks / watch.Elapsed.TotalSeconds;
    }

    private static double GrantAttachRevoke(int leases)
    {
        var clock = new BenchClock();
        Lessor lessor = NewLessor(clock, 0);
        var keys = new byte[leases][];
        for (int i = 0; i < leases; i++)
        {
            keys[i] = System.Text.Encoding.ASCII.GetBytes($"/registry/pods/{i:D8}");
        }

        var watch = Stopwatch.StartNew();
        for (int i = 0; i < leases; i++)
        {
            lessor.Grant(new LeaseGrantRequest { ID = i + 1, TTL = 30 });
            lessor.Attach(i + 1, keys[i]);
        }

        for (int i = 0; i < leases; i++)
        {
            lessor.Revoke(new LeaseRevokeRequest { ID = i + 1 });
        }

        return leases / watch.Elapsed.TotalSeconds;
    }

    private static long MemoryPerLease(int leases)
    {
        var keys = new byte[leases][];
        for (int i = 0; i < leases; i++)
        {
            keys[i] = System.Text.Encoding.ASCII.GetBytes($"/registry/pods/{i:D8}");
        }

        long before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = new BenchClock();
        Lessor lessor = NewLessor(clock, leases);
        for (int i = 0; i < leases; i++)
        {
            lessor.Attach(i + 1, keys[i]);
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(lessor);
        return (after - before) / leases;
    }

    private sealed class BenchClock : ILeaseClock
    {
        public long Now { get; set; } = 1;

        public long NowMilliseconds => Now;
    }

    private sealed class NullLeaseStore : ILeaseStore
    {
        public IReadOnlyList<LeaseRecord> LoadAll() => [];

        public void Save(LeaseRecord record)
        {
        }

        public void DeleteLocked(long id)
        {
        }
    }

    private sealed class NoKeyDeleter : ILeaseKeyDeleter
    {
        public void DeleteKeys(IReadOnlyList<byte[]> sortedKeys, Action whileLocked) => whileLocked();
    }
}
