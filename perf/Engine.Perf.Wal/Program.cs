// WAL benchmark (issue 5): durable batches of 1, 8, 64 and 256 entries of 256 bytes through
// WriteAheadLog.Save, beside the raw rate of 4 KiB pwrite + fdatasync into a preallocated file,
// measured by this program in the same run, interleaved, median of several rounds.
// usage: Engine.Perf.Wal [--dir DIR] [--seconds S per case per round] [--rounds N]
using System.Diagnostics;
using System.Globalization;
using Engine.Common.IO;
using Engine.Perf.Wal;
using Engine.Wal;

string baseDir = Arg("--dir", Path.Combine(Path.GetTempPath(), "engine-perf-wal"));
double seconds = double.Parse(Arg("--seconds", "2"), CultureInfo.InvariantCulture);
int rounds = int.Parse(Arg("--rounds", "5"), CultureInfo.InvariantCulture);
int[] batchSizes = [1, 8, 64, 256];
const int EntryBytes = 256;

// Each WAL case runs right after a raw slice of the same length; its ratio is taken against that
// neighbouring raw figure (the machine is noisy), and the table shows medians over the rounds.
const string Raw = "raw 4 KiB write + fdatasync";
var results = new Dictionary<string, List<Measurement>>();
var ratios = new Dictionary<string, List<double>>();
for (int round = 0; round < rounds; round++)
{
    foreach (int batch in batchSizes)
    {
        var raw = RawSyncRate(Path.Combine(baseDir, "raw"), seconds);
        var wal = WalRate(Path.Combine(baseDir, $"wal-{batch}"), batch, seconds);
        Add(Raw, raw);
        Add($"wal batch {batch}", wal);
        AddRatio($"wal batch {batch}", wal.CommitsPerSecond / raw.CommitsPerSecond);
    }
}

Console.WriteLine($"rounds={rounds} seconds/case={seconds} dir={baseDir} cores={Environment.ProcessorCount}");
Console.WriteLine("| case | commits/s | records/s | MB/s (payload) | fdatasync per commit | commits/s vs raw (paired) |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
foreach (var (name, list) in results)
{
    double commits = Median(list, m => m.CommitsPerSecond);
    string ratio = ratios.TryGetValue(name, out var r) ? MedianOf(r).ToString("P0", CultureInfo.InvariantCulture) : "100 %";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {commits:F0} | {Median(list, m => m.RecordsPerSecond):F0} | {Median(list, m => m.MegabytesPerSecond):F2} | {Median(list, m => m.SyncsPerCommit):F3} | {ratio} |"));
}

return 0;

void Add(string name, Measurement m)
{
    if (!results.TryGetValue(name, out var list))
    {
        results[name] = list = [];
    }

    list.Add(m);
}

void AddRatio(string name, double ratio)
{
    if (!ratios.TryGetValue(name, out var list))
    {
        ratios[name] = list = [];
    }

    list.Add(ratio);
}

string Arg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static double Median(List<Measurement> list, Func<Measurement, double> pick) => MedianOf(list.Select(pick));

static double MedianOf(IEnumerable<double> source)
{
    var values = source.Order().ToArray();
    return values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
}

static Measurement RawSyncRate(string dir, double seconds)
{
    Reset(dir);
    var fs = PosixFileSystem.Instance;
    using var file = fs.Open(Path.Combine(dir, "raw.dat"), create: true);
    file.Allocate(WalOptions.DefaultSegmentBytes);
    file.Sync();
    var block = new byte[4096];
    Random.Shared.NextBytes(block);
    long commits = 0;
    long offset = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        file.Write(offset, block);
        file.DataSync();
        offset = (offset + block.Length) % WalOptions.DefaultSegmentBytes;
        commits++;
    }

    double elapsed = clock.Elapsed.TotalSeconds;
    return new Measurement(commits / elapsed, commits / elapsed, commits * 4096.0 / elapsed / 1e6, 1);
}

static Measurement WalRate(string dir, int batch, double seconds)
{
    Reset(dir);
    var fs = new SyncCountingFileSystem(PosixFileSystem.Instance);
    using var wal = WriteAheadLog.Create(fs, dir, new WalMetadata(1, 2));
    var payloads = Enumerable.Range(0, batch).Select(_ => { var b = new byte[EntryBytes]; Random.Shared.NextBytes(b); return b; }).ToArray();
    var entries = new WalEntry[batch];
    ulong index = 1;
    long commits = 0;
    long syncsBefore = fs.FileSyncs;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        for (int i = 0; i < batch; i++)
        {
            entries[i] = new WalEntry(index + (ulong)i, 1, payloads[i]);
        }

        wal.Save(new WalHardState(1, 1, index), entries);
        index += (ulong)batch;
        commits++;
    }

    double elapsed = clock.Elapsed.TotalSeconds;
    long syncs = fs.FileSyncs - syncsBefore;
    return new Measurement(commits / elapsed, commits * batch / elapsed, commits * batch * (double)EntryBytes / elapsed / 1e6, (double)syncs / commits);
}

static void Reset(string dir)
{
    if (Directory.Exists(dir))
    {
        Directory.Delete(dir, recursive: true);
    }

    Directory.CreateDirectory(dir);
}

/// <summary>One case of one round.</summary>
internal readonly record struct Measurement(double CommitsPerSecond, double RecordsPerSecond, double MegabytesPerSecond, double SyncsPerCommit);
