using Engine.TestKit;
using Engine.TestKit.IO;

namespace Engine.Storage.BTree.Tests;

/// <summary>
/// The B+tree against a SortedDictionary model (bbolt's quick_test/simulation_test): random puts, deletes,
/// gets, cursor walks and bucket changes over many transactions with rollbacks and reopens; Check() after each case.
/// </summary>
public class DifferentialTests
{
    private const int MaxBucket = 4;

    [Fact]
    public void Random_transactions_match_a_sorted_dictionary_model()
    {
        Seeds.Run(1000, seed => RunCase(seed, transactions: 5, opsPerTx: 80));
    }

    [Fact]
    public void Long_histories_with_big_values_match_the_model()
    {
        Seeds.Run(15, seed => RunCase(seed, transactions: 60, opsPerTx: 400), firstSeed: 100_000);
    }

    [Fact]
    [Trait("tier", "slow")]
    public void Soak_ten_thousand_seeds_match_the_model()
    {
        Seeds.Run(10_000, seed => RunCase(seed, transactions: 8, opsPerTx: 150), firstSeed: 1_000_000);
    }

    private static void RunCase(int seed, int transactions, int opsPerTx)
    {
        var random = new Random(seed);
        using var fs = new CrashFileSystem(64L << 20);
        int pageSize = random.Next(3) == 0 ? 1024 : 4096;
        var options = TestDatabases.SmallOptions(pageSize);
        var db = TestDatabases.Open(fs, options);
        var model = new Model();
        int keySpace = random.Next(4, 3000);
        try
        {
            for (int t = 0; t < transactions; t++)
            {
                var staged = model.Clone();
                using (var tx = db.BeginWrite())
                {
                    int ops = random.Next(1, opsPerTx);
                    for (int i = 0; i < ops; i++)
                    {
                        ApplyRandomOp(random, tx, staged, keySpace);
                    }

                    if (random.Next(8) == 0)
                    {
                        tx.Rollback();
                    }
                    else
                    {
                        tx.Commit();
                        model = staged;
                    }
                }

                if (random.Next(6) == 0)
                {
                    db.Dispose();
                    db = TestDatabases.Open(fs, options);
                }

                using (var read = db.BeginRead())
                {
                    model.AssertEqual(read, MaxBucket);
                }

                if (t % 4 == 3)
                {
                    TestDatabases.AssertSound(db);
                }
            }

            TestDatabases.AssertSound(db);
        }
        finally
        {
            db.Dispose();
        }
    }

    private static byte[] RandomKey(Random random, int keySpace)
    {
        int n = random.Next(keySpace);
        if (random.Next(50) == 0)
        {
            var big = new byte[random.Next(100, 5000)];
            big[0] = (byte)(n % 251);
            random.NextBytes(big.AsSpan(1));
            return big;
        }

        int length = 1 + n % 17;
        var key = new byte[length];
        for (int i = 0; i < length; i++)
        {
            key[i] = (byte)(n >> (i % 4 * 3));
        }

        return key;
    }

    private static byte[] RandomValue(Random random)
    {
        int roll = random.Next(100);
        var value = new byte[roll == 0 ? random.Next(4000, 20000) : roll < 5 ? 0 : random.Next(1, 300)];
        random.NextBytes(value);
        return value;
    }

    private static void ApplyRandomOp(Random random, WriteTransaction tx, Model model, int keySpace)
    {
        int bucketId = random.Next(1, MaxBucket + 1);
        int roll = random.Next(100);
        if (!model.Buckets.TryGetValue(bucketId, out var bucket))
        {
            if (roll < 60)
            {
                tx.CreateBucket(bucketId);
                model.Buckets[bucketId] = Model.NewBucket();
            }
            else
            {
                Assert.False(tx.BucketExists(bucketId));
                Assert.False(tx.TryGet(bucketId, [1], out _));
            }

            return;
        }

        if (roll < 1)
        {
            tx.DeleteBucket(bucketId);
            model.Buckets.Remove(bucketId);
        }
        else if (roll < 55)
        {
            var key = RandomKey(random, keySpace);
            var value = RandomValue(random);
            tx.Put(bucketId, key, value);
            bucket[key] = value;
        }
        else if (roll < 80)
        {
            var key = RandomKey(random, keySpace);
            Assert.Equal(bucket.Remove(key), tx.Delete(bucketId, key));
        }
        else if (roll < 92)
        {
            var key = RandomKey(random, keySpace);
            bool found = tx.TryGet(bucketId, key, out var value);
            Assert.Equal(bucket.TryGetValue(key, out var expected), found);
            if (found)
            {
                Assert.Equal(expected, value.ToArray());
            }
        }
        else
        {
            CursorWalk(random, tx, bucketId, bucket, keySpace);
        }
    }

    private static void CursorWalk(Random random, WriteTransaction tx, int bucketId, SortedDictionary<byte[], byte[]> bucket, int keySpace)
    {
        var keys = bucket.Keys.ToList();
        var seekKey = RandomKey(random, keySpace);
        int position = keys.BinarySearch(seekKey, ByteArrayComparer.Instance);
        if (position < 0)
        {
            position = ~position;
        }

        using var cursor = tx.OpenCursor(bucketId);
        Assert.Equal(position < keys.Count, cursor.Seek(seekKey));
        bool forward = random.Next(2) == 0;
        int steps = random.Next(1, 40);
        for (int s = 0; s < steps && position >= 0 && position < keys.Count; s++)
        {
            Assert.Equal(keys[position], cursor.Key.ToArray());
            Assert.Equal(bucket[keys[position]], cursor.Value.ToArray());
            if (random.Next(10) == 0)
            {
                // A write under an open cursor: the cursor must still walk the transaction's current state.
                var value = RandomValue(random);
                tx.Put(bucketId, keys[position], value);
                bucket[keys[position]] = value;
            }

            position += forward ? 1 : -1;
            bool moved = forward ? cursor.Next() : cursor.Prev();
            Assert.Equal(position >= 0 && position < keys.Count, moved);
        }
    }
}
