using Engine.TestKit.IO;

namespace Engine.Storage.BTree.Tests;

/// <summary>Small-map options for in-memory file systems, and the structural check every storage test ends with.</summary>
public static class TestDatabases
{
    public const string Path = "/db/data.btree";

    public static BTreeOptions SmallOptions(int pageSize = 4096) => new() { PageSize = pageSize, InitialMapSize = 1 << 20 };

    public static BTreeDatabase Open(CrashFileSystem fs, BTreeOptions? options = null)
    {
        fs.CreateDirectory("/db");
        return BTreeDatabase.Open(fs, Path, options ?? SmallOptions());
    }

    public static void AssertSound(BTreeDatabase db)
    {
        var problems = db.Check();
        Assert.True(problems.Count == 0, "Check() found: " + string.Join("\n", problems));
    }
}
