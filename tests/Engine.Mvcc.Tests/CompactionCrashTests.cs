using System.Text;
using Engine.Protocol;
using Engine.Mvcc.Tests.Support;
using Engine.Storage.Schema;
using Engine.TestKit.IO;

namespace Engine.Mvcc.Tests;

/// <summary>
/// Issue 7 acceptance: a compaction interrupted by a power cut at every I/O operation it performs resumes on
/// open (or is re-applied when its scheduling never became durable, as raft replay would) and ends in exactly the
/// state of an uninterrupted compaction: same reads at every retained revision, same HashKV, same key bucket.
/// </summary>
public sealed class CompactionCrashTests
{
    private const int BatchLimit = 3;

    private static KvStoreOptions Options() => new() { CompactInline = true, CompactionBatchLimit = BatchLimit, CompactionSleepInterval = TimeSpan.Zero };

    [Theory]
    [InlineData(DamageModel.DropUnsynced)]
    [InlineData(DamageModel.TearLastWrite)]
    public void Compaction_cut_at_every_operation_resumes_to_the_uninterrupted_result(DamageModel damage)
    {
        using var initial = BackendStoreHost.NewFileSystem();
        long compactAt;
        using (var host = new BackendStoreHost(initial, Options))
        {
            compactAt = WriteHistory(host.Store);
            host.Backend.ForceCommit();
        }

        using var pristine = initial.AfterCrash(DamageModel.DropUnsynced, new Random(1));
        string expected;
        long operations;
        using (var dry = pristine.AfterCrash(DamageModel.DropUnsynced, new Random(1)))
        using (var host = new BackendStoreHost(dry, Options))
        {
            long before = dry.Operations;
            Compact(host.Store, compactAt);
            operations = dry.Operations - before;
            expected = Describe(host);
            host.AssertStructurallySound();
        }

        Assert.True(operations > 4, $"the compaction should take several I/O operations, took {operations}");
        for (long at = 1; at <= operations; at++)
        {
            using var fs = pristine.AfterCrash(DamageModel.DropUnsynced, new Random(1));
            var host = new BackendStoreHost(fs, Options);
            fs.CrashAtOperation = fs.Operations + at;
            Assert.ThrowsAny<Exception>(() => Compact(host.Store, compactAt));
            Assert.True(fs.HasCrashed, $"operation {at}: the failure was not the simulated crash");
            using var rebooted = fs.AfterCrash(damage, new Random((int)at));
            using var reopened = new BackendStoreHost(rebooted, Options);
            if (reopened.Store.CompactRevision < compactAt)
            {
                Compact(reopened.Store, compactAt); // the scheduling never became durable: raft re-applies the entry
            }

            Assert.True(expected == Describe(reopened), $"cut at operation {at} of {operations}");
            reopened.AssertStructurallySound();
        }
    }

    /// <summary>Puts, overwrites and deletes over a few keys; returns a revision in the middle to compact at.</summary>
    private static long WriteHistory(KvStore store)
    {
        var random = new Random(7);
        for (int i = 0; i < 40; i++)
        {
            using var txn = store.BeginWrite();
            string key = $"k{random.Next(8)}";
            if (random.Next(4) == 0)
            {
                txn.DeleteRange(new DeleteRangeRequest { Key = B(key) });
            }
            else
            {
                txn.Put(new PutRequest { Key = B(key), Value = B($"v{i}") });
            }

            txn.End((ulong)i + 1, 1, []);
        }

        return store.CurrentRevision - 5;
    }

    private static void Compact(KvStore store, long revision)
    {
        var txn = store.BeginWrite();
        var outcome = txn.Compact(revision);
        Assert.False(outcome.IsError, outcome.Error?.Message);
        txn.End(1000, 1, []);
    }

    private static string Describe(BackendStoreHost host)
    {
        var store = host.Store;
        var text = new StringBuilder();
        text.Append($"current {store.CurrentRevision} compact {store.CompactRevision} finished {store.FinishedCompactRevision} hash {Json.Of(store.HashKv(0))}\n");
        for (long rev = store.CompactRevision; rev <= store.CurrentRevision; rev++)
        {
            text.Append(rev).Append(": ").Append(Json.Of(store.Range(new RangeRequest { Key = [0], RangeEnd = [0], Revision = rev }))).Append('\n');
        }

        using var tx = host.Backend.ConcurrentReadTx();
        tx.Range(Buckets.Key, new byte[17], [0xFF], 0, (k, v) =>
        {
            text.Append(Convert.ToHexString(k)).Append('=').Append(Convert.ToHexString(v)).Append('\n');
            return true;
        });
        return text.ToString();
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
}
