using Engine.Common.Errors;
using Engine.TestKit.IO;

namespace Engine.Storage.BTree.Tests;

/// <summary>
/// Crash consistency: cut the power at every I/O operation of every transaction of a few-hundred-commit
/// workload, under every damage model; after reopen Check() passes and the content is exactly the last
/// commit that returned (or, for the commit in flight, the one after it when its pages all landed).
/// </summary>
public class CrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Bucket = 1;

    [Fact]
    public void Power_cut_at_every_operation_reopens_at_the_last_returned_commit_with_one_sync()
    {
        int states = RunCrashMatrix(seed: 1, transactions: 200, TestDatabases.SmallOptions());
        output.WriteLine($"{states} crash states");
        Assert.True(states >= 5000, $"only {states} crash states");
    }

    [Fact]
    public void A_failed_write_or_fsync_latches_the_database_and_reopen_gives_the_last_durable_commit()
    {
        int failures = 0;
        for (int failAt = 1; ; failAt++)
        {
            using var fs = new CrashFileSystem(4L << 20);
            var db = TestDatabases.Open(fs);
            var model = new SortedDictionary<byte[], byte[]>(ByteArrayComparer.Instance);
            Setup(db);
            for (int t = 1; t <= 5; t++)
            {
                RunTransaction(db, t, 77, model);
            }

            fs.FailAtOperation = fs.Operations + failAt;
            var tx = db.BeginWrite();
            var next = new SortedDictionary<byte[], byte[]>(model, ByteArrayComparer.Instance);
            WriteOps(tx, 6, 77, next);
            try
            {
                tx.Commit();
                db.Dispose();
                break;
            }
            catch (EngineFatalException)
            {
                failures++;
            }

            Assert.True(db.IsFailed);
            Assert.Throws<EngineFatalException>(() => db.BeginWrite().Dispose());
            db.Dispose();

            using var rebooted = fs.AfterCrash(DamageModel.DropUnsynced, new Random(failAt));
            using var reopened = TestDatabases.Open(rebooted);
            AssertContent(reopened, model);
            TestDatabases.AssertSound(reopened);
        }

        Assert.True(failures >= 3, $"only {failures} operations of the commit were failed");
    }

    private static void Setup(BTreeDatabase db)
    {
        using var tx = db.BeginWrite();
        tx.CreateBucket(Bucket);
        tx.Commit();
    }

    internal static int RunCrashMatrix(int seed, int transactions, BTreeOptions options)
    {
        using var live = new CrashFileSystem(4L << 20);
        using var db = TestDatabases.Open(live, options);
        Setup(db);
        var model = new SortedDictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        var random = new Random(seed);
        int states = 0;
        for (int t = 1; t <= transactions; t++)
        {
            using var before = live.AfterCrash(DamageModel.DropUnsynced, random);
            var previous = new SortedDictionary<byte[], byte[]>(model, ByteArrayComparer.Instance);
            long start = live.Operations;
            RunTransaction(db, t, seed, model);
            long operations = live.Operations - start;
            for (long crashAt = 1; crashAt <= operations; crashAt++)
            {
                foreach (var damage in new[] { DamageModel.DropUnsynced, DamageModel.TearLastWrite, DamageModel.RandomSubset })
                {
                    CrashOnce(before, options, t, seed, crashAt, damage, random, previous, model);
                    states++;
                }
            }
        }

        TestDatabases.AssertSound(db);
        return states;
    }

    private static void CrashOnce(CrashFileSystem before, BTreeOptions options, int t, int seed, long crashAt, DamageModel damage,
        Random random, SortedDictionary<byte[], byte[]> previous, SortedDictionary<byte[], byte[]> after)
    {
        using var fs = before.AfterCrash(DamageModel.DropUnsynced, random);
        bool returned;
        using (var db = TestDatabases.Open(fs, options))
        {
            fs.CrashAtOperation = fs.Operations + crashAt;
            try
            {
                RunTransaction(db, t, seed, new SortedDictionary<byte[], byte[]>(previous, ByteArrayComparer.Instance));
                returned = true;
            }
            catch (EngineFatalException e) when (e.InnerException is SimulatedCrashException)
            {
                returned = false;
            }
        }

        using var rebooted = fs.AfterCrash(damage, random);
        using var reopened = TestDatabases.Open(rebooted, options);
        var content = ReadAll(reopened);
        bool isPrevious = SameContent(content, previous);
        bool isAfter = SameContent(content, after);
        if (returned)
        {
            Assert.True(isAfter, $"tx {t}, crash at op {crashAt} ({damage}): the commit returned but its data is not there");
        }
        else if (damage == DamageModel.DropUnsynced)
        {
            Assert.True(isPrevious, $"tx {t}, crash at op {crashAt} ({damage}): nothing was synced, expected the previous commit");
        }
        else
        {
            Assert.True(isPrevious || isAfter, $"tx {t}, crash at op {crashAt} ({damage}): content is neither before nor after the commit");
        }

        TestDatabases.AssertSound(reopened);
        if (crashAt % 5 == 1)
        {
            // The reopened file must keep working: commit on top of whatever the crash left.
            var model = isAfter ? new SortedDictionary<byte[], byte[]>(after, ByteArrayComparer.Instance) : new SortedDictionary<byte[], byte[]>(previous, ByteArrayComparer.Instance);
            RunTransaction(reopened, t + 1, seed, model);
            AssertContent(reopened, model);
            TestDatabases.AssertSound(reopened);
        }
    }

    private static void RunTransaction(BTreeDatabase db, int t, int seed, SortedDictionary<byte[], byte[]> model)
    {
        using var tx = db.BeginWrite();
        WriteOps(tx, t, seed, model);
        tx.Commit();
    }

    private static void WriteOps(WriteTransaction tx, int t, int seed, SortedDictionary<byte[], byte[]> model)
    {
        var random = new Random(seed * 100_003 + t);
        int ops = random.Next(1, 12);
        for (int i = 0; i < ops; i++)
        {
            var key = BitConverter.GetBytes(random.Next(600));
            if (random.Next(4) == 0)
            {
                tx.Delete(Bucket, key);
                model.Remove(key);
            }
            else
            {
                var value = new byte[random.Next(10) == 0 ? random.Next(2000, 9000) : random.Next(1, 200)];
                random.NextBytes(value);
                tx.Put(Bucket, key, value);
                model[key] = value;
            }
        }
    }

    private static List<(byte[] Key, byte[] Value)> ReadAll(BTreeDatabase db)
    {
        using var tx = db.BeginRead();
        var result = new List<(byte[], byte[])>();
        using var cursor = tx.OpenCursor(Bucket);
        for (bool ok = cursor.First(); ok; ok = cursor.Next())
        {
            result.Add((cursor.Key.ToArray(), cursor.Value.ToArray()));
        }

        return result;
    }

    private static bool SameContent(List<(byte[] Key, byte[] Value)> content, SortedDictionary<byte[], byte[]> model)
    {
        if (content.Count != model.Count)
        {
            return false;
        }

        int i = 0;
        foreach (var (key, value) in model)
        {
            if (!content[i].Key.AsSpan().SequenceEqual(key) || !content[i].Value.AsSpan().SequenceEqual(value))
            {
                return false;
            }

            i++;
        }

        return true;
    }

    private static void AssertContent(BTreeDatabase db, SortedDictionary<byte[], byte[]> model) =>
        Assert.True(SameContent(ReadAll(db), model), "content differs from the model");
}

/// <summary>The crash matrix again with bbolt's two-sync commit and 1 KiB pages (deeper trees); a class of its own so it runs in parallel.</summary>
public class TwoSyncCrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void Power_cut_at_every_operation_reopens_at_the_last_returned_commit_with_two_syncs_and_small_pages()
    {
        var options = new BTreeOptions { PageSize = 1024, InitialMapSize = 1 << 20, SyncTwicePerCommit = true };
        int states = CrashTests.RunCrashMatrix(seed: 2, transactions: 165, options);
        output.WriteLine($"{states} crash states");
        Assert.True(states >= 5000, $"only {states} crash states");
    }

}
