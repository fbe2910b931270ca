using System.Runtime.InteropServices;
using Engine.Common.IO;
using Engine.TestKit;

namespace Engine.Storage.BTree.Tests;

/// <summary>
/// The size limits of issue 3 on a real file: values up to 1 GiB (one overflow page run), keys up to 32 KiB
/// (branch pages holding such keys overflow too), and one byte over either limit refused with an error that
/// names the limit, before anything is copied or written.
/// </summary>
public class SizeLimitTests
{
    [Fact]
    [Trait("tier", "slow")]
    public void A_1_GiB_value_round_trips_through_a_real_file_and_reopen() =>
        ValueRoundTrip(WriteTransaction.MaxValueSize);

    [Fact]
    public void A_64_MiB_value_takes_the_same_overflow_path_through_a_real_file_and_reopen() =>
        ValueRoundTrip(64 << 20);

    [Fact]
    public void Keys_of_exactly_32_KiB_round_trip_and_fill_overflowing_branch_pages()
    {
        using var dir = new TempDir("btree-limits");
        string path = dir.File("data.btree");
        var keys = Enumerable.Range(0, 12).Select(i => BigKey(i)).ToList();
        using (var db = BTreeDatabase.Open(PosixFileSystem.Instance, path, new BTreeOptions { InitialMapSize = 1 << 20 }))
        {
            using var tx = db.BeginWrite();
            tx.CreateBucket(1);
            foreach (var key in keys)
            {
                tx.Put(1, key, key.AsSpan(0, 10));
            }

            tx.Commit();
            TestDatabases.AssertSound(db);
        }

        using var reopened = BTreeDatabase.Open(PosixFileSystem.Instance, path);
        using (var read = reopened.BeginRead())
        {
            using var cursor = read.OpenCursor(1);
            int count = 0;
            for (bool ok = cursor.First(); ok; ok = cursor.Next())
            {
                Assert.Equal(WriteTransaction.MaxKeySize, cursor.Key.Length);
                Assert.True(cursor.Key.SequenceEqual(keys[count]), $"key {count}");
                Assert.True(cursor.Value.SequenceEqual(keys[count].AsSpan(0, 10)), $"value {count}");
                count++;
            }

            Assert.Equal(keys.Count, count);
        }

        TestDatabases.AssertSound(reopened);
    }

    [Fact]
    public unsafe void One_byte_over_the_key_or_value_limit_is_refused_with_an_error_naming_the_limit()
    {
        using var dir = new TempDir("btree-limits");
        using var db = BTreeDatabase.Open(PosixFileSystem.Instance, dir.File("data.btree"), new BTreeOptions { InitialMapSize = 1 << 20 });
        // The over-size value is address space only: the limit check must refuse it before touching a byte.
        nuint tooBig = (nuint)WriteTransaction.MaxValueSize + 1;
        byte* reserved = (byte*)NativeMemory.Alloc(tooBig);
        try
        {
            using var tx = db.BeginWrite();
            tx.CreateBucket(1);
            var valueError = Assert.Throws<ArgumentOutOfRangeException>(() =>
                tx.Put(1, "k"u8, new ReadOnlySpan<byte>(reserved, (int)tooBig)));
            Assert.Contains("at most 1073741824 bytes", valueError.Message);
            var keyError = Assert.Throws<ArgumentOutOfRangeException>(() => tx.Put(1, new byte[WriteTransaction.MaxKeySize + 1], "v"u8));
            Assert.Contains("1..32768 bytes", keyError.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => tx.Put(1, ReadOnlySpan<byte>.Empty, "v"u8));
            tx.Put(1, new byte[WriteTransaction.MaxKeySize], "fits"u8);
            tx.Commit();
        }
        finally
        {
            NativeMemory.Free(reserved);
        }

        using (var read = db.BeginRead())
        {
            Assert.True(read.TryGet(1, new byte[WriteTransaction.MaxKeySize], out var value));
            Assert.True(value.SequenceEqual("fits"u8));
            Assert.False(read.TryGet(1, "k"u8, out _));
        }

        TestDatabases.AssertSound(db);
    }

    private static void ValueRoundTrip(int size)
    {
        using var dir = new TempDir("btree-limits");
        string path = dir.File("data.btree");
        var value = new byte[size];
        new Random(size).NextBytes(value);
        using (var db = BTreeDatabase.Open(PosixFileSystem.Instance, path))
        {
            using (var tx = db.BeginWrite())
            {
                tx.CreateBucket(1);
                tx.Put(1, "before"u8, "small"u8);
                tx.Put(1, "big"u8, value);
                tx.Put(1, "cafe"u8, "after"u8);
                tx.Commit();
            }

            Assert.True(db.FileSize >= size, $"file {db.FileSize} bytes for a {size}-byte value");
            TestDatabases.AssertSound(db);
        }

        using var reopened = BTreeDatabase.Open(PosixFileSystem.Instance, path);
        Assert.Null(reopened.FallbackReason);
        using (var read = reopened.BeginRead())
        {
            Assert.True(read.TryGet(1, "big"u8, out var stored));
            Assert.Equal(size, stored.Length);
            Assert.True(stored.SequenceEqual(value), "the big value reads back byte for byte");
            Assert.True(read.TryGet(1, "before"u8, out var before) && before.SequenceEqual("small"u8));
            Assert.True(read.TryGet(1, "cafe"u8, out var after) && after.SequenceEqual("after"u8));
        }

        TestDatabases.AssertSound(reopened);
    }

    private static byte[] BigKey(int i)
    {
        var key = new byte[WriteTransaction.MaxKeySize];
        new Random(i).NextBytes(key);
        key[0] = (byte)i;
        return key;
    }
}
