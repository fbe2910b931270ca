using Engine.TestKit;
using Engine.TestKit.IO;
using Xunit.Abstractions;
using static Engine.Storage.Backend.Tests.Harness;

namespace Engine.Storage.Backend.Tests;

/// <summary>
/// Power cut at every I/O operation of a workload of data writes and applied-index updates (etcd #12855,
/// #13766): the recovered data always matches the recovered consistent_index, and nothing acknowledged is lost.
/// Each crash point is recovered under every damage model.
/// </summary>
public sealed class CrashConsistencyTests
{
    private static readonly DamageModel[] Models = [DamageModel.DropUnsynced, DamageModel.TearLastWrite, DamageModel.RandomSubset];
    private readonly ITestOutputHelper _output;

    public CrashConsistencyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void Recovered_data_always_matches_the_recovered_consistent_index_at_every_crash_point()
    {
        int states = 0;
        Seeds.Run(CrashSeeds, seed =>
        {
            var workload = new CrashWorkload(seed, 40);
            var options = SmallManual(batchLimit: 3 + seed % 7);
            states += CrashEverywhere(seed, options, (backend, ack) => workload.Apply(backend, 0, workload.Count, ack), workload);
        });

        _output.WriteLine($"crash states checked: {states}");
        Assert.True(states >= MinimumStates, $"only {states} crash states were checked");
    }

    [Fact]
    [Trait("tier", "slow")]
    public void Soak_longer_workloads_keep_data_and_consistent_index_together_at_every_crash_point()
    {
        int states = 0;
        Seeds.Run(60, seed =>
        {
            var workload = new CrashWorkload(seed, 120);
            states += CrashEverywhere(seed, SmallManual(batchLimit: 1 + seed % 23), (backend, ack) => workload.Apply(backend, 0, workload.Count, ack), workload);
        }, firstSeed: 5000);

        _output.WriteLine($"crash states checked: {states}");
    }

    [Fact]
    public void Defragment_is_crash_safe_at_every_step_including_writes_made_during_the_copy()
    {
        int states = 0;
        Seeds.Run(3, seed =>
        {
            var workload = new CrashWorkload(1000 + seed, 45);
            states += CrashEverywhere(seed, SmallManual(batchLimit: 4), (backend, ack) =>
            {
                workload.Apply(backend, 0, 30, ack);
                backend.ForceCommit();
                ack.Index = 30;
                bool wroteDuringCopy = false;
                backend.Defragment((_, _) =>
                {
                    if (!wroteDuringCopy)
                    {
                        wroteDuringCopy = true;
                        workload.Apply(backend, 30, 38, ack);
                    }
                });
                Assert.True(wroteDuringCopy, "the copy reported no progress, so no write happened during it");
                ack.Index = 38;
                workload.Apply(backend, 38, workload.Count, ack);
            }, workload);
        });

        _output.WriteLine($"defragment crash states checked: {states}");
    }

    private static int CrashSeeds => 30;

    private static int MinimumStates => Environment.GetEnvironmentVariable("ENGINE_SEED") is null ? 5_000 : 1;

    /// <summary>
    /// Runs <paramref name="work"/> once to count its I/O operations, then once per operation with the power cut
    /// there, recovering each crash under every damage model. Returns the number of crash states checked.
    /// </summary>
    private static int CrashEverywhere(int seed, BackendOptions options, Action<Backend, CrashWorkload.Ack> work, CrashWorkload workload)
    {
        using var initial = NewFileSystem(CrashReserve);
        Backend.Open(initial, DbPath, options).Dispose();
        using var pristine = initial.AfterCrash(DamageModel.DropUnsynced, new Random(seed));

        long total;
        using (var dry = pristine.AfterCrash(DamageModel.DropUnsynced, new Random(seed)))
        {
            ulong finalAck = RunUntilCrash(dry, options, work);
            total = dry.Operations;
            Assert.Equal((ulong)workload.Count, finalAck);
            workload.VerifyRecovered(dry, finalAck, $"seed {seed} without a crash");
        }

        int states = 0;
        for (long at = 1; at <= total; at++)
        {
            using var fs = pristine.AfterCrash(DamageModel.DropUnsynced, new Random(seed));
            fs.CrashAtOperation = at;
            ulong acked = RunUntilCrash(fs, options, work);
            Assert.True(fs.HasCrashed, $"seed {seed}: the run did not reach operation {at} of {total}");
            foreach (var model in Models)
            {
                using var rebooted = fs.AfterCrash(model, new Random(seed * 7919 + (int)at));
                workload.VerifyRecovered(rebooted, acked, $"seed {seed}, crash at operation {at}/{total}, {model}");
                states++;
            }
        }

        return states;
    }

    /// <summary>Runs the work and a clean close; returns the last index acknowledged before the crash (all of them without one).</summary>
    private static ulong RunUntilCrash(CrashFileSystem fs, BackendOptions options, Action<Backend, CrashWorkload.Ack> work)
    {
        var ack = new CrashWorkload.Ack();
        Backend? backend = null;
        try
        {
            backend = Backend.Open(fs, DbPath, options);
            work(backend, ack);
            ulong last = LastApplied(backend);
            backend.Dispose();
            return last;
        }
        catch (Exception) when (fs.HasCrashed)
        {
            CloseQuietly(backend);
            return ack.Index;
        }
    }

    private static ulong LastApplied(Backend backend)
    {
        backend.ForceCommit();
        return backend.ReadAppliedState().ConsistentIndex;
    }

    private static void CloseQuietly(Backend? backend)
    {
        try
        {
            backend?.Dispose();
        }
        catch (Exception)
        {
            // The simulated machine is off; closing only releases memory.
        }
    }
}
