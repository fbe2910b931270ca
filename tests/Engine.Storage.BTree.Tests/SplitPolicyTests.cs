using System.Buffers.Binary;
using Engine.TestKit.IO;

namespace Engine.Storage.BTree.Tests;

/// <summary>
/// How commits split full pages: keys arriving in order (appends at the right edge) fill pages completely,
/// like LMDB's append split, so a sequentially loaded file is no larger than LMDB's; keys arriving in random
/// order still split evenly.
/// </summary>
public class SplitPolicyTests
{
    private const int PageSize = 4096;

    [Fact]
    public void Keys_appended_in_order_one_per_commit_fill_leaves_completely()
    {
        using var fs = new CrashFileSystem(64L << 20);
        using var db = TestDatabases.Open(fs);
        CreateBucket(db);
        const int keys = 3200;
        for (int i = 0; i < keys; i++)
        {
            using var tx = db.BeginWrite();
            tx.Put(1, Key(i), Value(i));
            tx.Commit();
        }

        // 32 entries of 16 + 100 bytes fit a 4 KiB leaf: 100 full leaves, a few branch pages, the metas, the
        // directory leaf and the commit page. An even split would leave every left half at 50% (~200 leaves).
        long used = (db.FileSize - db.FreeBytes) / PageSize;
        Assert.InRange(used, keys / 32, keys / 32 + 10);
        AssertContent(db, keys);
        TestDatabases.AssertSound(db);
    }

    [Fact]
    public void Keys_appended_in_order_in_big_batches_fill_leaves_completely()
    {
        using var fs = new CrashFileSystem(64L << 20);
        using var db = TestDatabases.Open(fs);
        CreateBucket(db);
        const int keys = 32_000;
        for (int start = 0; start < keys; start += 1000)
        {
            using var tx = db.BeginWrite();
            for (int i = start; i < start + 1000; i++)
            {
                tx.Put(1, Key(i), Value(i));
            }

            tx.Commit();
        }

        long used = (db.FileSize - db.FreeBytes) / PageSize;
        Assert.InRange(used, keys / 32, keys / 32 + 20);
        AssertContent(db, keys);
        TestDatabases.AssertSound(db);
    }

    [Fact]
    public void Keys_in_random_order_split_evenly_and_keep_pages_over_half_full()
    {
        using var fs = new CrashFileSystem(64L << 20);
        using var db = TestDatabases.Open(fs);
        CreateBucket(db);
        const int keys = 20_000;
        var order = Enumerable.Range(0, keys).ToArray();
        new Random(7).Shuffle(order);
        for (int start = 0; start < keys; start += 500)
        {
            using var tx = db.BeginWrite();
            for (int x = start; x < start + 500; x++)
            {
                tx.Put(1, Key(order[x]), Value(order[x]));
            }

            tx.Commit();
        }

        long used = (db.FileSize - db.FreeBytes) / PageSize;
        double fill = keys / 32.0 / used;
        Assert.True(fill is > 0.55 and <= 1.0, $"leaf fill {fill:P0} over {used} pages");
        AssertContent(db, keys);
        TestDatabases.AssertSound(db);
    }

    private static void CreateBucket(BTreeDatabase db)
    {
        using var tx = db.BeginWrite();
        tx.CreateBucket(1);
        tx.Commit();
    }

    private static byte[] Key(int i)
    {
        var key = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(8), (ulong)i);
        return key;
    }

    private static byte[] Value(int i)
    {
        var value = new byte[100];
        BinaryPrimitives.WriteInt32BigEndian(value, i);
        return value;
    }

    private static void AssertContent(BTreeDatabase db, int keys)
    {
        using var tx = db.BeginRead();
        using var cursor = tx.OpenCursor(1);
        int count = 0;
        for (bool ok = cursor.First(); ok; ok = cursor.Next())
        {
            Assert.True(cursor.Key.SequenceEqual(Key(count)), $"key {count}");
            Assert.True(cursor.Value.SequenceEqual(Value(count)), $"value {count}");
            count++;
        }

        Assert.Equal(keys, count);
    }
}
