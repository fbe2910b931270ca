// The backend micro-benchmark (issue 4): buffered puts/s and range reads/s through the backend with the batch
// open, the cost of the read-buffer merge, each beside the raw B+tree doing the same work in the same run.
// Usage: dotnet run -c Release --project perf/Engine.Perf.Backend [-- runs]
using System.Buffers.Binary;
using System.Diagnostics;
using Engine.Common.IO;
using Engine.Storage.Backend;
using Engine.Storage.BTree;
using Engine.Storage.Schema;

int runs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
string dir = Path.Combine(Path.GetTempPath(), $"engine-perf-backend-{Environment.ProcessId}");
Directory.CreateDirectory(dir);
try
{
    var results = new Dictionary<string, List<double>>();
    for (int run = 0; run < runs; run++)
    {
        foreach (var (name, value) in Bench.RunAll(dir, run))
        {
            (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(value);
        }
    }

    Console.WriteLine($"| measure (median of {runs}) | value |");
    Console.WriteLine("| --- | --- |");
    foreach (var (name, values) in results)
    {
        values.Sort();
        Console.WriteLine($"| {name} | {values[values.Count / 2]:N0} |");
    }
}
finally
{
    Directory.Delete(dir, recursive: true);
}

/// <summary>The measurements; each returns (name, value) pairs.</summary>
internal static class Bench
{
    private const int Puts = 50_000;
    private const int Reads = 50_000;
    private const int ValueSize = 100;
    private static readonly byte[] Value = new byte[ValueSize];

    public static IEnumerable<(string, double)> RunAll(string dir, int run)
    {
        var fs = PosixFileSystem.Instance;
        string backendPath = Path.Combine(dir, $"backend-{run}.db");
        string treePath = Path.Combine(dir, $"tree-{run}.db");

        yield return ("raw B+tree puts/s (one tx per 10,000, commit included)", RawTreePuts(fs, treePath));
        using var backend = Backend.Open(fs, backendPath, new BackendOptions { BatchInterval = TimeSpan.Zero });
        yield return ("backend buffered puts/s (Lock/PutLocked/Unlock each, commit per 10,000 included)", BackendPuts(backend));

        // Reads: 50,000 committed keys; then 5,000 buffered (uncommitted) keys interleaved with them.
        backend.ForceCommit();
        yield return ("backend range reads/s (10 keys, empty read buffer)", BackendRanges(backend, fresh: false));
        yield return ("raw B+tree range reads/s (10 keys, same 50,000 keys)", RawTreeRanges(treePath, fs));
        BufferUncommitted(backend, 5_000);
        yield return ("backend range reads/s (10 keys, 5,000 buffered writes merged)", BackendRanges(backend, fresh: false));
        yield return ("backend point gets/s (5,000 buffered writes)", BackendGets(backend));
        yield return ("ConcurrentReadTx opens/s after each writer unlock (5,000-entry buffer copied)", BackendRanges(backend, fresh: true));
    }

    private static byte[] Revision(long main)
    {
        var key = new byte[17];
        BinaryPrimitives.WriteInt64BigEndian(key, main);
        key[8] = (byte)'_';
        return key;
    }

    private static double RawTreePuts(IFileSystem fs, string path)
    {
        using var db = BTreeDatabase.Open(fs, path);
        var tx = db.BeginWrite();
        tx.CreateBucket(Buckets.Key.Id);
        var watch = Stopwatch.StartNew();
        for (int i = 1; i <= Puts; i++)
        {
            tx.Put(Buckets.Key.Id, Revision(i * 2), Value);
            if (i % 10_000 == 0)
            {
                tx.Commit();
                tx = db.BeginWrite();
            }
        }

        tx.Commit();
        return Puts / watch.Elapsed.TotalSeconds;
    }

    private static double BackendPuts(Backend backend)
    {
        var batch = backend.BatchTx;
        var watch = Stopwatch.StartNew();
        for (int i = 1; i <= Puts; i++)
        {
            batch.Lock();
            batch.PutLocked(Buckets.Key, Revision(i * 2), Value);
            batch.SetAppliedStateLocked((ulong)i, 1, default);
            batch.Unlock();
        }

        backend.ForceCommit();
        return Puts / watch.Elapsed.TotalSeconds;
    }

    private static void BufferUncommitted(Backend backend, int count)
    {
        var batch = backend.BatchTx;
        var random = new Random(1);
        batch.Lock();
        for (int i = 0; i < count; i++)
        {
            batch.PutLocked(Buckets.Key, Revision((random.Next(Puts) * 2) + 1), Value);
        }

        batch.Unlock();
    }

    private static double BackendRanges(Backend backend, bool fresh)
    {
        var random = new Random(7);
        int reads = fresh ? Reads / 50 : Reads;
        int sink = 0;
        KeyValueVisitor visitor = (k, v) => { sink += v.Length; return true; };
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < reads; i++)
        {
            if (fresh)
            {
                // A writer's unlock invalidates the cached buffer copy, so the next reader copies the buffer.
                backend.BatchTx.Lock();
                backend.BatchTx.PutLocked(Buckets.Meta, "bench"u8, Value);
                backend.BatchTx.Unlock();
            }

            long start = random.Next(Puts) * 2;
            using var tx = backend.ConcurrentReadTx();
            tx.Range(Buckets.Key, Revision(start), Revision(start + 20), 10, visitor);
        }

        GC.KeepAlive(sink);
        return reads / watch.Elapsed.TotalSeconds;
    }

    private static double BackendGets(Backend backend)
    {
        var random = new Random(9);
        int found = 0;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < Reads; i++)
        {
            using var tx = backend.ConcurrentReadTx();
            if (tx.TryGet(Buckets.Key, Revision(random.Next(Puts) + 1), out _))
            {
                found++;
            }
        }

        GC.KeepAlive(found);
        return Reads / watch.Elapsed.TotalSeconds;
    }

    private static double RawTreeRanges(string path, IFileSystem fs)
    {
        using var db = BTreeDatabase.Open(fs, path);
        var random = new Random(7);
        int sink = 0;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < Reads; i++)
        {
            long start = random.Next(Puts) * 2;
            byte[] end = Revision(start + 20);
            using var tx = db.BeginRead();
            using var cursor = tx.OpenCursor(Buckets.Key.Id);
            int n = 0;
            for (bool has = cursor.Seek(Revision(start)); has && n < 10 && cursor.Key.SequenceCompareTo(end) < 0; has = cursor.Next())
            {
                sink += cursor.Value.Length;
                n++;
            }
        }

        GC.KeepAlive(sink);
        return Reads / watch.Elapsed.TotalSeconds;
    }
}
