// The MVCC benchmark harness (issue 7; see perf/RESULTS.md for the recorded figures).
//   dotnet run -c Release --project perf/Engine.Perf.Mvcc -- [--keys N] [--dir PATH] [--rounds R]
// Loads N keys (one write transaction each) into a KvStore on the real backend (PosixFileSystem),
// then measures put/s (overwrites), single-key range/s, 100-key prefix range/s and, side by side, the
// backend's raw point reads (the floor a range sits on). Finally it measures the key index's memory per key.
using System.Diagnostics;
using System.Text;
using Engine.Common.IO;
using Engine.Mvcc;
using Engine.Protocol;
using Engine.Storage.Backend;
using Engine.Storage.Schema;

int keys = 1_000_000;
int rounds = 3;
string dir = Path.Combine(Path.GetTempPath(), "engine-perf-mvcc");
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--keys": keys = int.Parse(args[++i]); break;
        case "--dir": dir = args[++i]; break;
        case "--rounds": rounds = int.Parse(args[++i]); break;
        case "--watch":
            string watchDir = Path.Combine(Path.GetTempPath(), "engine-perf-watch");
            if (Directory.Exists(watchDir)) { Directory.Delete(watchDir, true); }
            WatchBench.Run(watchDir, int.Parse(args[++i]));
            Directory.Delete(watchDir, true);
            return 0;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

if (Directory.Exists(dir))
{
    Directory.Delete(dir, recursive: true);
}

Directory.CreateDirectory(dir);
var fs = PosixFileSystem.Instance;
var backend = Backend.Open(fs, Path.Combine(dir, "engine.db"), new BackendOptions { QuotaBytes = 8L * 1024 * 1024 * 1024 });
var store = new KvStore(backend);
byte[] value = new byte[100];
new Random(1).NextBytes(value);
ulong applied = 0;

byte[] Key(int i) => Encoding.ASCII.GetBytes($"key/{i:D8}");

void PutOne(byte[] key)
{
    var txn = store.BeginWrite();
    txn.Put(new PutRequest { Key = key, Value = value });
    txn.End(++applied, 1, []);
}

var load = Stopwatch.StartNew();
for (int i = 0; i < keys; i++)
{
    PutOne(Key(i));
}

backend.ForceCommit();
load.Stop();
Console.WriteLine($"load: {keys:N0} keys x {value.Length} B in {load.Elapsed.TotalSeconds:F1} s = {keys / load.Elapsed.TotalSeconds:N0} put/s (db {backend.Size / (1 << 20):N0} MiB)");

double Measure(string name, int ops, Action<Random> op)
{
    var results = new List<double>();
    for (int r = 0; r < rounds; r++)
    {
        var random = new Random(r + 1);
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < ops; i++)
        {
            op(random);
        }

        sw.Stop();
        results.Add(ops / sw.Elapsed.TotalSeconds);
    }

    results.Sort();
    double median = results[results.Count / 2];
    Console.WriteLine($"{name}: median {median:N0} op/s over {rounds} rounds of {ops:N0} ({string.Join(", ", results.Select(x => x.ToString("N0")))})");
    return median;
}

Measure("put (overwrite random key, one write txn each)", 100_000, random => PutOne(Key(random.Next(keys))));
backend.ForceCommit();
double single = Measure("range single key", 200_000, random =>
{
    var outcome = store.Range(new RangeRequest { Key = Key(random.Next(keys)) });
    if (outcome.Value?.Kvs is not { Count: 1 })
    {
        throw new InvalidOperationException("missing key");
    }
});
double raw = Measure("peer: backend ReadTx.TryGet of one revision (no index, no decode)", 200_000, random =>
{
    using var tx = backend.ConcurrentReadTx();
    Span<byte> rev = stackalloc byte[17];
    RevisionKey.Write(new Revision(2 + random.Next(keys), 0), false, rev);
    if (!tx.TryGet(Buckets.Key, rev, out _))
    {
        throw new InvalidOperationException("missing revision");
    }
});
Console.WriteLine($"ratio range-single / raw backend read: {single / raw:F2}");
Measure("range 100-key prefix", 20_000, random =>
{
    int block = random.Next(keys / 100);
    byte[] prefix = Encoding.ASCII.GetBytes($"key/{block:D6}");
    byte[] end = (byte[])prefix.Clone();
    end[^1]++;
    var outcome = store.Range(new RangeRequest { Key = prefix, RangeEnd = end });
    if (outcome.Value?.Kvs is not { Count: 100 })
    {
        throw new InvalidOperationException($"expected 100 keys, got {outcome.Value?.Kvs?.Count}");
    }
});
store.Dispose();
backend.Dispose();

// memory of the key index alone: N keys with one revision each, measured by the GC
long before = GC.GetTotalMemory(forceFullCollection: true);
var index = new Engine.Mvcc.Index.TreeIndex();
for (int i = 0; i < keys; i++)
{
    index.Put(Key(i), new Revision(2 + i, 0));
}

long after = GC.GetTotalMemory(forceFullCollection: true);
Console.WriteLine($"key index: {(after - before) / (double)keys:F0} bytes per key ({keys:N0} keys of 12 B, one revision each; {(after - before) / (1 << 20):N0} MiB)");
GC.KeepAlive(index);
Directory.Delete(dir, recursive: true);
return 0;
