using Engine.TestKit.IO;

namespace Engine.Storage.BTree.Tests;

/// <summary>CopyTo (snapshot stream) and CompactTo (defragment) produce files that open, check and hold the same data.</summary>
public class CopyAndCompactTests
{
    [Fact]
    public void CopyTo_writes_a_file_that_reopens_with_the_snapshot_content()
    {
        using var fs = new CrashFileSystem(32L << 20);
        using var db = TestDatabases.Open(fs);
        var model = ContentHelpers.Fill(db, seed: 11, transactions: 40);
        var stream = new MemoryStream();
        long lastDone = 0, lastTotal = -1;
        db.CopyTo(stream, (done, total) => (lastDone, lastTotal) = (done, total));
        Assert.Equal(lastTotal, lastDone);
        Assert.Equal(stream.Length, lastTotal);

        using (var file = fs.Open("/db/copy.btree", create: true))
        {
            file.Write(0, stream.ToArray());
            file.Sync();
        }

        fs.SyncDirectory("/db");
        using var copy = BTreeDatabase.Open(fs, "/db/copy.btree", TestDatabases.SmallOptions());
        Assert.True(ContentHelpers.Same(model, ContentHelpers.ReadModel(copy)));
        TestDatabases.AssertSound(copy);
        TestDatabases.AssertSound(db);
    }

    [Fact]
    public void CompactTo_keeps_the_data_and_shrinks_a_fragmented_file()
    {
        using var fs = new CrashFileSystem(32L << 20);
        using var db = TestDatabases.Open(fs);
        ContentHelpers.Fill(db, seed: 12, transactions: 60);
        using (var tx = db.BeginWrite())
        {
            tx.DeleteBucket(2);
            tx.Commit();
        }

        var model = ContentHelpers.ReadModel(db);
        int calls = 0;
        db.CompactTo(fs, "/db/compact.btree", (_, _) => calls++);
        Assert.True(calls > 0);
        using var compact = BTreeDatabase.Open(fs, "/db/compact.btree", TestDatabases.SmallOptions());
        Assert.True(ContentHelpers.Same(model, ContentHelpers.ReadModel(compact)));
        Assert.True(compact.FileSize < db.FileSize, $"compacted {compact.FileSize} bytes, original {db.FileSize}");
        TestDatabases.AssertSound(compact);
        TestDatabases.AssertSound(db);
    }
}
