using System.Buffers.Binary;
using Engine.TestKit.IO;

namespace Engine.Storage.BTree.Tests;

/// <summary>
/// The freelist is persisted in each commit page (issue 3: "persisted, or rebuilt on open"); the rebuild
/// alternative, kept to measure the choice, must find exactly the same free pages on a fragmented file.
/// </summary>
public class FreelistTests
{
    [Fact]
    public void The_persisted_freelist_equals_a_rebuild_by_page_walk_on_a_fragmented_file()
    {
        using var fs = new CrashFileSystem(64L << 20);
        var db = TestDatabases.Open(fs);
        Fragment(db, keys: 20_000);
        db.Dispose();

        using var reopened = TestDatabases.Open(fs);
        using (var tx = reopened.BeginRead())
        {
            var persisted = Pages(reopened.Freelist.AllRuns());
            var rebuilt = Pages(FreelistRebuilder.FreeRuns(tx));
            Assert.True(persisted.Count > 100, $"a fragmented file should have many free pages, has {persisted.Count}");
            Assert.Equal(persisted.Order(), rebuilt.Order());
        }

        TestDatabases.AssertSound(reopened);
    }

    [Fact]
    public void Single_pages_are_allocated_lowest_first_so_a_commit_writes_neighbouring_pages()
    {
        using var fs = new CrashFileSystem(64L << 20);
        using var db = TestDatabases.Open(fs);
        Fragment(db, keys: 20_000);
        var before = Pages(db.Freelist.AllRuns());
        using (var tx = db.BeginWrite())
        {
            // Rewrites about 60 leaves: their new pages must be the lowest free ones, in order.
            for (int i = 1; i < 20_000; i += 320)
            {
                tx.Put(1, Key(i), new byte[100]);
            }

            tx.Commit();
        }

        var taken = before.Except(Pages(db.Freelist.AllRuns())).Order().ToList();
        Assert.NotEmpty(taken);
        Assert.Equal(before.Order().Take(taken.Count), taken);
        TestDatabases.AssertSound(db);
    }

    /// <summary>Loads keys in order, then deletes every other leaf's worth of keys (32 keys) over many commits.</summary>
    internal static void Fragment(BTreeDatabase db, int keys)
    {
        using (var tx = db.BeginWrite())
        {
            tx.CreateBucket(1);
            for (int i = 0; i < keys; i++)
            {
                tx.Put(1, Key(i), new byte[100]);
            }

            tx.Commit();
        }

        for (int start = 0; start < keys; start += 2_000)
        {
            using var tx = db.BeginWrite();
            for (int i = start; i < Math.Min(keys, start + 2_000); i++)
            {
                if (i / 32 % 2 == 0)
                {
                    tx.Delete(1, Key(i));
                }
            }

            tx.Commit();
        }
    }

    private static byte[] Key(int i)
    {
        var key = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(8), (ulong)i);
        return key;
    }

    private static HashSet<ulong> Pages(IEnumerable<Format.PageRun> runs)
    {
        var pages = new HashSet<ulong>();
        foreach (var run in runs)
        {
            for (ulong p = run.Start; p < run.Start + run.Count; p++)
            {
                Assert.True(pages.Add(p), $"page {p} listed twice");
            }
        }

        return pages;
    }
}
