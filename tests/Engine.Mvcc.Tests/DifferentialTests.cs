using Engine.Protocol;
using Engine.Mvcc.Tests.Support;
using Engine.TestKit;

namespace Engine.Mvcc.Tests;

/// <summary>
/// Issue 7 acceptance: random put / delete / txn / compact / range sequences (every option, invalid requests
/// included) applied to the store and to a naive versioned map, compared result by result (revisions, versions,
/// errors), with periodic close and reopen.
/// </summary>
public sealed class DifferentialTests
{
    [Fact]
    public void Store_matches_naive_versioned_map_on_random_histories_with_reopen()
    {
        Seeds.Run(60, seed =>
        {
            var leases = new RecordingLeases(1, 2);
            using var host = new MemoryStoreHost(() => new KvStoreOptions { CompactInline = true, CompactionBatchLimit = 3, CompactionSleepInterval = TimeSpan.Zero, Leases = leases, MaxTxnOps = 6 });
            Differential.Run(seed, host, leases, steps: 400);
        });
    }
}

/// <summary>The differential driver shared by the in-memory and the real-backend runs.</summary>
public static class Differential
{
    public static void Run(int seed, IStoreHost host, RecordingLeases leases, int steps, Action? afterReopen = null)
    {
        var random = new Random(seed);
        var gen = new RandomRequests(random);
        var model = new NaiveVersionedMap([1, 2]) { MaxTxnOps = 6 };
        ulong applied = 0;
        var history = new List<string>();
        for (int step = 0; step < steps; step++)
        {
            var store = host.Store;
            string expected, actual, what;
            int dice = random.Next(100);
            if (dice < 25)
            {
                var r = gen.Range(model.Current, model.Compacted);
                what = "range " + Json.Of(r);
                expected = Json.Of(model.Range(r));
                if (random.Next(2) == 0)
                {
                    actual = Json.Of(store.Range(r));
                }
                else
                {
                    using var txn = store.BeginWrite();
                    actual = Json.Of(txn.Range(r));
                }
            }
            else if (dice < 50)
            {
                var r = gen.Put();
                what = "put " + Json.Of(r);
                expected = Json.Of(model.Put(r));
                actual = Write(store, ref applied, txn => Json.Of(txn.Put(r)));
            }
            else if (dice < 62)
            {
                var r = gen.Delete();
                what = "delete " + Json.Of(r);
                expected = Json.Of(model.Delete(r));
                actual = Write(store, ref applied, txn => Json.Of(txn.DeleteRange(r)));
            }
            else if (dice < 88)
            {
                var r = gen.Txn(model.Current, model.Compacted);
                what = "txn " + Json.Of(r);
                expected = Json.Of(model.Txn(r));
                actual = Write(store, ref applied, txn => Json.Of(txn.Txn(r)));
            }
            else if (dice < 95)
            {
                long rev = random.NextInt64(Math.Max(0, model.Compacted - 1), model.Current + 2);
                what = $"compact {rev}";
                expected = Json.Of(model.Compact(rev));
                actual = Write(store, ref applied, txn => Json.Of(txn.Compact(rev)));
            }
            else
            {
                what = "reopen";
                leases.Attached.Clear();
                host.Reopen();
                afterReopen?.Invoke();
                expected = $"{model.Current}/{model.Compacted}";
                actual = $"{host.Store.CurrentRevision}/{host.Store.CompactRevision}";
            }

            if (expected != actual)
            {
                Assert.Fail($"step {step}: {what}\n expected {expected}\n actual   {actual}\n compacted model {model.Compacted} store {host.Store.CompactRevision}/{host.Store.FinishedCompactRevision} history {string.Join(" | ", history.TakeLast(40))}\n index {Environment.GetEnvironmentVariable("MVCC_DEBUG") switch { null => "", _ => host.Store.Index.Dump() }}");
            }

            history.Add($"{step}:{what[..Math.Min(what.Length, 60)]}->{actual[..Math.Min(actual.Length, 40)]}");
            Assert.Equal(model.Current, host.Store.CurrentRevision);
            CheckLeases(model, leases);
        }

        CheckEveryRevision(model, host.Store);
    }

    private static string Write(KvStore store, ref ulong applied, Func<KvWriteTxn, string> op)
    {
        var txn = store.BeginWrite();
        string result = op(txn);
        applied++;
        txn.End(applied, 1, []);
        return result;
    }

    private static void CheckLeases(NaiveVersionedMap model, RecordingLeases leases)
    {
        var all = model.Range(new RangeRequest { Key = [0], RangeEnd = [0] }).Value!.Kvs ?? [];
        foreach (long lease in new long[] { 1, 2 })
        {
            var expected = all.Where(kv => kv.Lease == lease).Select(kv => NaiveVersionedMap.Name(kv.Key!)).OrderBy(k => k, StringComparer.Ordinal);
            var actual = leases.Attached.TryGetValue(lease, out var keys) ? keys.ToList() : [];
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>Every retained revision reads the same in both, all keys at once.</summary>
    public static void CheckEveryRevision(NaiveVersionedMap model, KvStore store)
    {
        for (long rev = Math.Max(1, model.Compacted); rev <= model.Current; rev++)
        {
            var r = new RangeRequest { Key = [0], RangeEnd = [0], Revision = rev };
            Assert.Equal(Json.Of(model.Range(r)), Json.Of(store.Range(r)));
        }
    }
}
