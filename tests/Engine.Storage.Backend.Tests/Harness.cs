using System.Text;
using Engine.Storage.BTree;
using Engine.Storage.Schema;
using Engine.TestKit.IO;

namespace Engine.Storage.Backend.Tests;

/// <summary>Shared helpers: a db path on a crash-simulating file system, whole-bucket reads, string encoding.</summary>
internal static class Harness
{
    public const string Directory = "/data";
    public const string DbPath = "/data/engine.db";

    public static CrashFileSystem NewFileSystem(long reserveBytes = 64L * 1024 * 1024)
    {
        var fs = new CrashFileSystem(reserveBytes);
        fs.CreateDirectory(Directory);
        return fs;
    }

    /// <summary>B+tree options that fit the crash file system's per-file reservation.</summary>
    public static readonly BTreeOptions Tree = new() { InitialMapSize = 16L * 1024 * 1024 };

    /// <summary>Options for deterministic tests: no timer, an explicit batch limit.</summary>
    public static BackendOptions Manual(int batchLimit = 10_000, long quota = 0) =>
        new() { BatchInterval = TimeSpan.Zero, BatchLimit = batchLimit, QuotaBytes = quota, Tree = Tree };

    /// <summary>Small maps for the crash tests, which open thousands of tiny files (see <see cref="CrashReserve"/>).</summary>
    public static BackendOptions SmallManual(int batchLimit) =>
        new() { BatchInterval = TimeSpan.Zero, BatchLimit = batchLimit, Tree = new BTreeOptions { InitialMapSize = 2L * 1024 * 1024 } };

    /// <summary>Per-file reservation of the crash tests' file systems.</summary>
    public const long CrashReserve = 4L * 1024 * 1024;

    /// <summary>Options with the batch-interval timer running.</summary>
    public static BackendOptions Timed(TimeSpan interval) => new() { BatchInterval = interval, Tree = Tree };

    public static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    public static string S(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    public static void Put(Backend backend, Bucket bucket, string key, string value)
    {
        backend.BatchTx.Lock();
        try
        {
            backend.BatchTx.PutLocked(bucket, B(key), B(value));
        }
        finally
        {
            backend.BatchTx.Unlock();
        }
    }

    public static void Delete(Backend backend, Bucket bucket, string key)
    {
        backend.BatchTx.Lock();
        try
        {
            backend.BatchTx.DeleteLocked(bucket, B(key));
        }
        finally
        {
            backend.BatchTx.Unlock();
        }
    }

    /// <summary>Every key/value of a bucket through a concurrent read view.</summary>
    public static SortedDictionary<string, string> ReadAll(Backend backend, Bucket bucket)
    {
        using var tx = backend.ConcurrentReadTx();
        return ReadAll(tx, bucket);
    }

    public static SortedDictionary<string, string> ReadAll(ReadTx tx, Bucket bucket)
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        tx.Range(bucket, [0], [0xFF, 0xFF, 0xFF, 0xFF], 0, (k, v) =>
        {
            all.Add(S(k), S(v));
            return true;
        });
        return all;
    }

    public static string? Get(Backend backend, Bucket bucket, string key)
    {
        using var tx = backend.ConcurrentReadTx();
        return tx.TryGet(bucket, B(key), out var value) ? S(value) : null;
    }

    public static void AssertStructurallySound(Backend backend)
    {
        var problems = backend.Check();
        Assert.True(problems.Count == 0, "structural check failed: " + string.Join("; ", problems));
    }
}
