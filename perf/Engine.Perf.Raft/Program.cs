// The Raft benchmark harness (see perf/RESULTS.md for how it is run and what it measured).
// Usage: Engine.Perf.Raft [--seconds S] [--runs N]
// Prints committed entries/s and allocated bytes per committed entry for a 3-node in-memory cluster,
// 256-byte entries, batches of 1 and 64 (median of N runs, the two batch sizes interleaved per run).
using System.Diagnostics;
using System.Globalization;
using Engine.Perf.Raft;

double seconds = 2;
int runs = 5;
for (int a = 0; a < args.Length - 1; a++)
{
    if (args[a] == "--seconds") seconds = double.Parse(args[a + 1], CultureInfo.InvariantCulture);
    if (args[a] == "--runs") runs = int.Parse(args[a + 1], CultureInfo.InvariantCulture);
}

int[] batchSizes = [1, 64];
var results = batchSizes.ToDictionary(b => b, _ => new List<(double Rate, double BytesPerEntry)>());
for (int run = 0; run < runs + 1; run++)
{
    foreach (int batch in batchSizes)
    {
        (double rate, double bytes) = Measure(batch, run == 0 ? 0.5 : seconds);
        if (run > 0) results[batch].Add((rate, bytes)); // run 0 is warm-up
    }
}

Console.WriteLine("| batch | committed entries/s (median) | allocated bytes / committed entry (median) | runs |");
Console.WriteLine("| --- | --- | --- | --- |");
foreach (int batch in batchSizes)
{
    double rate = Median(results[batch].Select(r => r.Rate));
    double bytes = Median(results[batch].Select(r => r.BytesPerEntry));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {batch} | {rate:N0} | {bytes:N0} | {runs} |"));
}

return 0;

static (double Rate, double BytesPerEntry) Measure(int batchSize, double seconds)
{
    var cluster = new BenchCluster(3);
    var payloads = new ReadOnlyMemory<byte>[batchSize];
    var random = new Random(42);
    for (int i = 0; i < batchSize; i++)
    {
        var data = new byte[256];
        random.NextBytes(data);
        payloads[i] = data;
    }

    ulong startApplied = cluster.AppliedOnAll;
    GC.Collect();
    long startBytes = GC.GetAllocatedBytesForCurrentThread();
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        for (int k = 0; k < 16; k++) cluster.ProposeAndCommit(payloads);
    }

    clock.Stop();
    double entries = cluster.AppliedOnAll - startApplied;
    long bytes = GC.GetAllocatedBytesForCurrentThread() - startBytes;
    return (entries / clock.Elapsed.TotalSeconds, bytes / entries);
}

static double Median(IEnumerable<double> values)
{
    double[] sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
