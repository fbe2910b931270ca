using Engine.Common.IO;
using Engine.TestKit;

namespace Engine.Storage.BTree.Tests;

/// <summary>The engine on the real file system: mmap, pwrite, fdatasync, the file lock and reopen.</summary>
public class PosixFileTests
{
    [Fact]
    public void Data_committed_to_a_real_file_survives_reopen_and_a_second_opener_is_locked_out()
    {
        using var dir = new TempDir("btree");
        string path = dir.File("data.btree");
        Model model;
        using (var db = BTreeDatabase.Open(PosixFileSystem.Instance, path, new BTreeOptions { InitialMapSize = 1 << 20 }))
        {
            model = ContentHelpers.Fill(db, seed: 21, transactions: 80);
            Assert.Throws<IOException>(() => BTreeDatabase.Open(PosixFileSystem.Instance, path).Dispose());
            Assert.True(db.FileSize > 1 << 20, "the file should outgrow the first map so a remap happens");
            Assert.InRange(db.FreeBytes, 0, db.FileSize);
            TestDatabases.AssertSound(db);
        }

        using var reopened = BTreeDatabase.Open(PosixFileSystem.Instance, path);
        Assert.Null(reopened.FallbackReason);
        Assert.True(ContentHelpers.Same(model, ContentHelpers.ReadModel(reopened)));
        TestDatabases.AssertSound(reopened);
    }
}
