using Engine.Common.Errors;
using Engine.TestKit.IO;

namespace Engine.Storage.BTree.Tests;

/// <summary>Flipped bytes in data and meta pages are detected by open, reads or Check(), never returned as data.</summary>
public class CorruptionTests
{
    [Fact]
    public void A_flipped_byte_in_any_page_is_detected_with_its_page_id_or_is_in_a_free_page()
    {
        using var fs = new CrashFileSystem(16L << 20);
        Model model;
        using (var db = TestDatabases.Open(fs))
        {
            model = ContentHelpers.Fill(db, seed: 5, transactions: 30);
            TestDatabases.AssertSound(db);
        }

        var pristine = fs.ReadAllBytes(TestDatabases.Path);
        int pages = pristine.Length / 4096;
        var random = new Random(9);
        int detected = 0;
        for (int page = 2; page < pages; page++)
        {
            using var copy = fs.AfterCrash(DamageModel.DropUnsynced, random);
            long offset = (long)page * 4096 + random.Next(4096);
            copy.Corrupt(TestDatabases.Path, offset, [(byte)(pristine[offset] ^ (1 << random.Next(8)))]);
            switch (Outcome(copy, model, page))
            {
                case true:
                    detected++;
                    break;
                case false:
                    Assert.Fail($"page {page}: a flipped byte at {offset} was read back as data");
                    break;
            }
        }

        Assert.True(detected > pages / 4, $"only {detected} of {pages} corrupted pages were detected");
    }

    [Fact]
    public void A_corrupt_newest_meta_falls_back_to_the_previous_commit()
    {
        using var fs = new CrashFileSystem(16L << 20);
        Model before, after;
        long slot;
        using (var db = TestDatabases.Open(fs))
        {
            ContentHelpers.Fill(db, seed: 6, transactions: 10);
            before = ContentHelpers.ReadModel(db);
            using (var tx = db.BeginWrite())
            {
                tx.Put(1, [1, 2, 3], [4, 5, 6]);
                tx.Commit();
            }

            after = ContentHelpers.ReadModel(db);
            slot = db.LastCommittedTxid % 2;
        }

        fs.Corrupt(TestDatabases.Path, slot * 4096 + 60, [0xFF, 0xEE]);
        using var reopened = TestDatabases.Open(fs);
        Assert.True(ContentHelpers.Same(before, ContentHelpers.ReadModel(reopened)));
        Assert.False(ContentHelpers.Same(after, ContentHelpers.ReadModel(reopened)));
        TestDatabases.AssertSound(reopened);
    }

    [Fact]
    public void Both_metas_corrupt_refuses_to_open()
    {
        using var fs = new CrashFileSystem(16L << 20);
        using (var db = TestDatabases.Open(fs))
        {
            ContentHelpers.Fill(db, seed: 7, transactions: 5);
        }

        fs.Corrupt(TestDatabases.Path, 100, [0xAB]);
        fs.Corrupt(TestDatabases.Path, 4096 + 100, [0xAB]);
        Assert.Throws<EngineFatalException>(() => TestDatabases.Open(fs).Dispose());
    }

    /// <summary>Whether <paramref name="message"/> names <paramref name="page"/> or the start of the (up to 4-page) run holding it.</summary>
    private static bool NamesPage(string message, int page) =>
        System.Text.RegularExpressions.Regex.Matches(message, @"page (\d+)")
            .Any(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is long id && id <= page && page < id + 4);

    /// <summary>True: detected (naming the page). Null: harmless (a free page). False: wrong data was returned.</summary>
    private static bool? Outcome(CrashFileSystem fs, Model model, int page)
    {
        BTreeDatabase db;
        try
        {
            db = TestDatabases.Open(fs);
        }
        catch (EngineFatalException e)
        {
            Assert.True(NamesPage(e.Message, page), e.Message);
            return true;
        }

        using (db)
        {
            if (db.FallbackReason is not null)
            {
                // The newest commit no longer verifies: open says so, names the page, and serves the previous commit.
                Assert.True(NamesPage(db.FallbackReason, page), db.FallbackReason);
                TestDatabases.AssertSound(db);
                return true;
            }

            var problems = db.Check();
            if (problems.Count > 0)
            {
                Assert.Contains(problems, p => NamesPage(p, page));
                return true;
            }

            try
            {
                return ContentHelpers.Same(model, ContentHelpers.ReadModel(db)) ? null : false;
            }
            catch (EngineFatalException e)
            {
                Assert.True(NamesPage(e.Message, page), e.Message);
                return true;
            }
        }
    }
}
