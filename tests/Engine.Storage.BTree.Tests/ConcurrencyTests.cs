using System.Buffers.Binary;
using Engine.TestKit.IO;

namespace Engine.Storage.BTree.Tests;

/// <summary>Readers running while the writer commits always see one whole commit (snapshot isolation).</summary>
public class ConcurrencyTests
{
    [Fact]
    public void Readers_during_writes_always_see_a_consistent_snapshot()
    {
        const int Keys = 300;
        using var fs = new CrashFileSystem(64L << 20);
        using var db = TestDatabases.Open(fs);
        using (var setup = db.BeginWrite())
        {
            setup.CreateBucket(1);
            for (int k = 0; k < Keys; k++)
            {
                setup.Put(1, Key(k), Value(0, k));
            }

            setup.Commit();
        }

        using var stop = new CancellationTokenSource();
        using var started = new CountdownEvent(3);
        int snapshots = 0;
        Exception? failure = null;
        // Dedicated threads, not the thread pool: on a loaded 2-core machine pool work items may not run at all
        // while the writer commits, and the test would then check nothing.
        var readers = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            started.Signal();
            try
            {
                ReadUntilStopped();
            }
            catch (Exception error)
            {
                failure = error;
            }
        })).ToArray();

        void ReadUntilStopped()
        {
            while (!stop.IsCancellationRequested)
            {
                using var tx = db.BeginRead();
                Assert.True(tx.TryGet(1, Key(0), out var first));
                long generation = BinaryPrimitives.ReadInt64LittleEndian(first);
                using var cursor = tx.OpenCursor(1);
                int count = 0;
                for (bool ok = cursor.First(); ok; ok = cursor.Next(), count++)
                {
                    Assert.Equal(Value(generation, BinaryPrimitives.ReadInt32BigEndian(cursor.Key)), cursor.Value.ToArray());
                }

                Assert.Equal(Keys + (int)(generation % 7), count);
                Interlocked.Increment(ref snapshots);
            }
        }

        foreach (var reader in readers)
        {
            reader.Start();
        }

        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the reader threads did not start");
        // Keep committing until the readers have read enough snapshots (bounded in time on a loaded machine).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (long generation = 1; generation <= 300 || (Volatile.Read(ref snapshots) < 30 && clock.Elapsed < TimeSpan.FromSeconds(30)); generation++)
        {
            using var tx = db.BeginWrite();
            for (int k = 0; k < Keys; k++)
            {
                tx.Put(1, Key(k), Value(generation, k));
            }

            for (int extra = 0; extra < 7; extra++)
            {
                if (extra < generation % 7)
                {
                    tx.Put(1, Key(Keys + extra), Value(generation, Keys + extra));
                }
                else
                {
                    tx.Delete(1, Key(Keys + extra));
                }
            }

            tx.Commit();
        }

        stop.Cancel();
        foreach (var reader in readers)
        {
            reader.Join();
        }

        Assert.Null(failure);
        Assert.True(snapshots > 10, $"only {snapshots} snapshots were read");
        TestDatabases.AssertSound(db);
    }

    [Fact]
    public void A_second_open_of_a_locked_file_is_refused()
    {
        using var fs = new CrashFileSystem(4L << 20);
        using var db = TestDatabases.Open(fs);
        Assert.Throws<IOException>(() => BTreeDatabase.Open(fs, TestDatabases.Path, TestDatabases.SmallOptions()).Dispose());
        TestDatabases.AssertSound(db);
    }

    private static byte[] Key(int k)
    {
        var key = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(key, k);
        return key;
    }

    private static byte[] Value(long generation, int k)
    {
        var value = new byte[16 + k % 50];
        BinaryPrimitives.WriteInt64LittleEndian(value, generation);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(8), generation * 31 + k);
        return value;
    }
}
