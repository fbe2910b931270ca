// The storage-engine benchmark of ../../../shared/reference/engine-workloads.md (see perf/RESULTS.md):
// Engine.Perf.BTree DIR N BATCH SINGLE_N — prints the spec's INFO / SPEC / RESULT lines for engine=engine.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Engine.Common.IO;
using Engine.Storage.BTree;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string dir = args.Length > 0 ? args[0] : "/tmp/engine-bench";
int n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
int batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000;
int singleN = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10_000;
Directory.CreateDirectory(dir);
string path = Path.Combine(dir, "engine-bench.btree");
// For profiling one phase at a time: BENCH_PHASES=seq,read,rand,single (default: all, as the spec requires).
var phases = (Environment.GetEnvironmentVariable("BENCH_PHASES") ?? "seq,read,rand,single").Split(',');
const int Bucket = 1;

var template = new byte[92];
{
    var rng = new SplitMix64(3);
    var raw = new byte[96];
    for (int i = 0; i < 12; i++)
    {
        BinaryPrimitives.WriteUInt64BigEndian(raw.AsSpan(i * 8), rng.Next());
    }

    raw.AsSpan(0, 92).CopyTo(template);
}

var perm1 = SplitMix64.Perm(n, 1);
var perm2 = SplitMix64.Perm(n, 2);
var defaults = new BTreeOptions();
Console.WriteLine($"INFO engine=engine lang=csharp runtime=.NET{Environment.Version} page_size={defaults.PageSize} syncs_per_commit=1 commit=\"pwrite pages+commit page+meta, one fdatasync; the meta names the commit's pages and open verifies them (falls back to the previous meta)\" freelist=runs,lowest-first,persisted split=even,full-pages-when-keys-arrive-in-order(default) leaf_element=10B map=1GiB-reservation");
Console.WriteLine($"SPEC engine=engine n={n} perm1={perm1[0]},{perm1[1]},{perm1[2]},{perm1[n - 1]} perm2={perm2[0]},{perm2[1]},{perm2[2]},{perm2[n - 1]} value={Convert.ToHexString(template).ToLowerInvariant()}");

var key = new byte[16];
var value = new byte[100];
template.CopyTo(value, 8);

void SetKey(long i) => BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(8), (ulong)i);
void SetValue(long i) => BinaryPrimitives.WriteUInt64BigEndian(value, (ulong)i);

BTreeDatabase Fresh()
{
    if (File.Exists(path))
    {
        File.Delete(path);
    }

    var db = BTreeDatabase.Open(PosixFileSystem.Instance, path);
    using var tx = db.BeginWrite();
    tx.CreateBucket(Bucket);
    tx.Commit();
    return db;
}

void Result(string workload, long ops, double secs, string extra = "") =>
    Console.WriteLine($"RESULT engine=engine workload={workload} ops={ops} secs={secs:F6} ops_per_s={ops / secs:F1} ns_per_op={secs * 1e9 / ops:F1}{extra}");

void FileSize(string workload)
{
    long bytes = new FileInfo(path).Length;
    long alloc = AllocatedBytes(path);
    Console.WriteLine($"RESULT engine=engine workload={workload} bytes={bytes} alloc_bytes={alloc} bytes_per_key={(double)bytes / n:F2}");
}

void Write(string workload, int[]? order)
{
    using var db = Fresh();
    var sw = Stopwatch.StartNew();
    for (int start = 0; start < n; start += batch)
    {
        using var tx = db.BeginWrite();
        int end = Math.Min(n, start + batch);
        for (int x = start; x < end; x++)
        {
            long i = order is null ? x : order[x];
            SetKey(i);
            SetValue(i);
            tx.Put(Bucket, key, value);
        }

        tx.Commit();
    }

    Result(workload, n, sw.Elapsed.TotalSeconds);
}

long Scan(BTreeDatabase db)
{
    using var tx = db.BeginRead();
    using var cursor = tx.OpenCursor(Bucket);
    long count = 0, checksum = 0;
    var expected = new byte[16];
    for (bool ok = cursor.First(); ok; ok = cursor.Next())
    {
        BinaryPrimitives.WriteUInt64BigEndian(expected.AsSpan(8), (ulong)count);
        var v = cursor.Value;
        if (!cursor.Key.SequenceEqual(expected) || v.Length != 100)
        {
            throw new InvalidOperationException($"scan: bad entry at {count}");
        }

        checksum += v[99];
        count++;
    }

    if (count != n)
    {
        throw new InvalidOperationException($"scan: {count} keys, expected {n}");
    }

    return checksum;
}

// (a) seq-write, (f) file-size-seq
if (phases.Contains("seq") || phases.Contains("read"))
{
    Write("seq-write", null);
    FileSize("file-size-seq");
}

// reopen: scan-first, (d) rand-read, (e) seq-scan
if (phases.Contains("read"))
{
    using var db = BTreeDatabase.Open(PosixFileSystem.Instance, path);
    var sw = Stopwatch.StartNew();
    Scan(db);
    Result("scan-first", n, sw.Elapsed.TotalSeconds);

    sw.Restart();
    long sum = 0;
    using (var tx = db.BeginRead())
    {
        for (int x = 0; x < n; x++)
        {
            long i = perm2[x];
            SetKey(i);
            if (!tx.TryGet(Bucket, key, out var v) || v.Length != 100 || BinaryPrimitives.ReadUInt64BigEndian(v) != (ulong)i)
            {
                throw new InvalidOperationException($"rand-read: bad or missing key {i}");
            }

            sum += v[99];
        }
    }

    Result("rand-read", n, sw.Elapsed.TotalSeconds);
    sw.Restart();
    Scan(db);
    Result("seq-scan", n, sw.Elapsed.TotalSeconds);
    Console.Error.WriteLine($"checksum {sum}");
}

File.Delete(path);

// (b) rand-write, file-size-rand
if (phases.Contains("rand"))
{
    Write("rand-write", perm1);
    FileSize("file-size-rand");
    File.Delete(path);
}

// (c) single-put-tx
if (phases.Contains("single"))
{
    using var db = Fresh();
    var latencies = new double[singleN];
    var total = Stopwatch.StartNew();
    var one = new Stopwatch();
    for (int i = 0; i < singleN; i++)
    {
        one.Restart();
        using (var tx = db.BeginWrite())
        {
            SetKey(i);
            SetValue(i);
            tx.Put(Bucket, key, value);
            tx.Commit();
        }

        latencies[i] = one.Elapsed.TotalMicroseconds;
    }

    double secs = total.Elapsed.TotalSeconds;
    Array.Sort(latencies);
    Result("single-put-tx", singleN, secs, $" p50_us={latencies[singleN / 2]:F1} p99_us={latencies[singleN * 99 / 100]:F1}");
}

File.Delete(path);

// Not a spec workload: the freelist choice of issue 3 (persisted vs rebuilt on open) on a fragmented file.
if (phases.Contains("freelist"))
{
    FreelistMeasurement.Run(path, n, key, value, SetKey, SetValue);
}

return 0;

static long AllocatedBytes(string file)
{
    using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%b", file]) { RedirectStandardOutput = true })!;
    string text = stat.StandardOutput.ReadToEnd().Trim();
    stat.WaitForExit();
    return long.Parse(text, CultureInfo.InvariantCulture) * 512;
}

/// <summary>The spec's PRNG (splitmix64) and permutation.</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15;
        ulong z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    public static int[] Perm(int n, ulong seed)
    {
        var a = new int[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = i;
        }

        var rng = new SplitMix64(seed);
        for (int i = n - 1; i >= 1; i--)
        {
            int j = (int)(rng.Next() % (ulong)(i + 1));
            (a[i], a[j]) = (a[j], a[i]);
        }

        return a;
    }
}
