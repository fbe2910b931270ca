using Engine.Storage.Backend;
using Engine.Storage.BTree;
using Engine.TestKit.IO;

namespace Engine.Mvcc.Tests.Support;

/// <summary>A store over the real backend on a crash-simulating file system; reopening closes and reopens the db file.</summary>
public sealed class BackendStoreHost : IStoreHost
{
    public const string Directory = "/data";
    public const string DbPath = "/data/engine.db";

    private readonly Func<KvStoreOptions> _options;

    public BackendStoreHost(CrashFileSystem fs, Func<KvStoreOptions> options, int batchLimit = 10_000)
    {
        FileSystem = fs;
        _options = options;
        BatchLimit = batchLimit;
        if (!fs.FileExists(DbPath))
        {
            fs.CreateDirectory(Directory);
        }

        Backend = Backend.Open(fs, DbPath, BackendOptions(batchLimit));
        Store = new KvStore(Backend, options());
    }

    public CrashFileSystem FileSystem { get; }

    public int BatchLimit { get; }

    public Backend Backend { get; private set; }

    public KvStore Store { get; private set; }

    public static BackendOptions BackendOptions(int batchLimit) =>
        new() { BatchInterval = TimeSpan.Zero, BatchLimit = batchLimit, Tree = new BTreeOptions { InitialMapSize = 4L * 1024 * 1024 } };

    public static CrashFileSystem NewFileSystem() => new(16L * 1024 * 1024);

    public void Reopen()
    {
        Store.Dispose();
        Backend.Dispose();
        Backend = Backend.Open(FileSystem, DbPath, BackendOptions(BatchLimit));
        Store = new KvStore(Backend, _options());
    }

    /// <summary>The B+tree's structural check of the db file: no problems expected.</summary>
    public void AssertStructurallySound()
    {
        var problems = Backend.Check();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    public void Dispose()
    {
        Store.Dispose();
        Backend.Dispose();
    }
}
