using Engine.TestKit;
using Engine.TestKit.IO;
using Engine.Wal;
using static Engine.Wal.Tests.WalTestData;

namespace Engine.Wal.Tests;

/// <summary>
/// Power cut at every I/O operation of a workload, under every damage model (reliability plan T1):
/// after reopen every acknowledged call is present, and the call in flight is wholly present or wholly absent.
/// </summary>
public sealed class CrashTests
{
    [Fact]
    public void Crash_at_every_operation_keeps_every_acknowledged_save_and_nothing_half_written()
    {
        Seeds.Run(4, seed =>
        {
            long total = CountOperations(seed);
            Assert.True(total > 60, $"workload too small: {total} operations");
            foreach (var damage in Enum.GetValues<DamageModel>())
            {
                for (long k = 1; k <= total + 1; k++)
                {
                    CrashAndVerify(seed, k, damage);
                }
            }
        });
    }

    [Fact]
    [Trait("tier", "slow")]
    public void Crash_at_every_operation_soak_over_many_seeds()
    {
        Seeds.Run(60, seed =>
        {
            long total = CountOperations(seed);
            foreach (var damage in Enum.GetValues<DamageModel>())
            {
                for (long k = 1; k <= total + 1; k++)
                {
                    CrashAndVerify(seed, k, damage);
                }
            }
        }, firstSeed: 1000);
    }

    [Fact]
    public void An_io_error_at_every_operation_latches_the_log_and_the_directory_reopens_with_every_acknowledged_save()
    {
        Seeds.Run(2, seed =>
        {
            long total = CountOperations(seed);
            foreach (bool persistent in new[] { false, true })
            {
                for (long k = 1; k <= total; k++)
                {
                    var model = new WalModel();
                    using var fs = NewFs();
                    fs.FailAtOperation = k;
                    fs.FailPersistently = persistent;
                    Workload(fs, seed, model);
                    // An error while preparing the next segment surfaces only at the next cut, which may never come.
                    fs.FailAtOperation = null;
                    if (!WriteAheadLog.Exists(fs, Dir))
                    {
                        Assert.Null(model.Acked);
                        continue;
                    }

                    var acked = model.Acked ?? WalModel.State.Empty;
                    var (index, term) = acked.LatestMarker;
                    using (WriteAheadLog.Open(fs, Dir, index, term, out var replay, Small()))
                    using (replay)
                    {
                        Assert.True(acked.Matches(replay, index) || (model.InFlight?.Matches(replay, index) ?? false), $"I/O error at operation {k} (persistent: {persistent})");
                    }

                    AssertSound(fs);
                }
            }
        });
    }

    private static long CountOperations(int seed)
    {
        using var fs = NewFs();
        var model = new WalModel();
        Workload(fs, seed, model);
        Assert.Null(model.InFlight);
        return fs.Operations;
    }

    private static void CrashAndVerify(int seed, long crashAt, DamageModel damage)
    {
        var model = new WalModel();
        using var fs = NewFs();
        fs.CrashAtOperation = crashAt;
        Workload(fs, seed, model);
        using var after = fs.AfterCrash(damage, new Random(seed * 7919 + (int)crashAt));
        string where = $"crash at operation {crashAt} under {damage}";
        if (!WriteAheadLog.Exists(after, Dir))
        {
            Assert.True(model.Acked is null, $"{where}: the WAL vanished after Create returned");
            return;
        }

        var acked = model.Acked ?? WalModel.State.Empty;
        var (index, term) = acked.LatestMarker;
        using (var wal = WriteAheadLog.Open(after, Dir, index, term, out var replay, Small()))
        {
            using (replay)
            {
                bool matchesAcked = acked.Matches(replay, index);
                bool matchesInFlight = model.InFlight is { } next && next.Matches(replay, index);
                Assert.True(matchesAcked || matchesInFlight,
                    $"{where}: replay has {replay.Entries.Count} entries and {replay.HardState}, acked state has {acked.EntriesAfter(index).Count} and {acked.HardState}; opened at {index}; replay indexes {string.Join(",", replay.Entries.Select(e => e.Index))}; acked {string.Join(",", acked.Entries.Select(e => e.Index))}; markers {string.Join(",", replay.SnapshotMarkers.Select(m => m.Index))} trace {string.Join(" | ", model.Trace)}");
            }

            wal.Save(new WalHardState(99, 0, 0), [new WalEntry(wal.LastIndex + 1, 99, new byte[] { 42 })]);
        }

        using (var reread = WriteAheadLog.ReadAll(after, Dir, index, term))
        {
            Assert.Equal(new WalHardState(99, 0, 0), reread.HardState);
            Assert.Equal(99UL, reread.Entries[^1].Term);
        }

        AssertSound(after);
    }

    /// <summary>A seeded mix of saves (some overwriting the uncommitted tail), hard-state-only saves, markers and releases.</summary>
    private static void Workload(CrashFileSystem fs, int seed, WalModel model)
    {
        var random = new Random(seed);
        WriteAheadLog? wal = null;
        try
        {
            model.Begin(WalModel.State.Empty);
            wal = WriteAheadLog.Create(fs, Dir, Meta, Small());
            model.Ack();
            ulong term = 1;
            for (int step = 0; step < 40; step++)
            {
                var state = model.Acked!;
                int roll = random.Next(100);
                if (roll < 60)
                {
                    ulong floor = state.LatestMarker.Index;
                    ulong last = state.LastIndex;
                    ulong first = last > floor && random.Next(5) == 0 ? (ulong)random.Next((int)floor + 1, (int)last + 1) : last + 1;
                    term += first <= last ? 1UL : 0UL;
                    var batch = Entries(first, random.Next(1, 5), term, random, random.Next(1, roll < 10 ? 1500 : 200));
                    var hard = random.Next(2) == 0 ? new WalHardState(term, 1, first - 1) : (WalHardState?)null;
                    model.Begin(state.WithSave(hard, batch));
                    wal.Save(hard, batch);
                }
                else if (roll < 75)
                {
                    var hard = new WalHardState(term, (ulong)random.Next(3), state.LastIndex);
                    model.Begin(state.WithSave(hard, []));
                    wal.Save(hard, []);
                }
                else if (state.LastIndex > state.LatestMarker.Index)
                {
                    ulong markerIndex = (ulong)random.Next((int)state.LatestMarker.Index + 1, (int)state.LastIndex + 1);
                    ulong markerTerm = state.TermAt(markerIndex);
                    model.Begin(state.WithMarker(markerIndex, markerTerm));
                    wal.SaveSnapshotMarker(markerIndex, markerTerm, [7, 7]);
                    model.Ack();
                    model.Begin(model.Acked!);
                    wal.ReleaseBefore(markerIndex);
                }
                else
                {
                    continue;
                }

                model.Ack();
            }
        }
        catch (Exception e) when (e is Engine.Common.Errors.EngineFatalException or IOException)
        {
            // The power failed: the call in flight was not acknowledged.
        }
        finally
        {
            wal?.Dispose();
        }
    }
}
