using System.Diagnostics;
using Google.Protobuf;
using Grpc.Net.Client;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Perf.Grpc;

/// <summary>
/// A small gRPC load generator for any etcd-compatible server (issue 19): N concurrent callers on one HTTP/2
/// connection (as clientv3 multiplexes), each issuing put / range / txn back to back for a fixed time.
/// Prints one line: op, streams, requests, seconds, requests/s, p50/p99 latency in ms.
/// Usage: Engine.Perf.Grpc ENDPOINT OP STREAMS SECONDS   (OP = put | range | txn)
/// </summary>
public static class Program
{
    private const int KeySpace = 10_000;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 4 || args[1] is not ("put" or "range" or "txn"))
        {
            Console.Error.WriteLine("usage: Engine.Perf.Grpc ENDPOINT put|range|txn STREAMS SECONDS");
            return 2;
        }

        string endpoint = args[0].StartsWith("http", StringComparison.Ordinal) ? args[0] : "http://" + args[0];
        string op = args[1];
        int streams = int.Parse(args[2]);
        var duration = TimeSpan.FromSeconds(double.Parse(args[3]));
        using var channel = GrpcChannel.ForAddress(endpoint);
        var kv = new Wire.KV.KVClient(channel);
        ByteString value = ByteString.CopyFrom(new byte[256]);
        await kv.PutAsync(new Wire.PutRequest { Key = Key(0), Value = value }); // warm the connection
        if (op == "range")
        {
            for (int i = 0; i < 100; i++)
            {
                await kv.PutAsync(new Wire.PutRequest { Key = Key(i), Value = value });
            }
        }

        var latencies = new List<double>[streams];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, streams).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(1 << 16);
            var random = new Random(w);
            while (clock.Elapsed < duration)
            {
                long start = Stopwatch.GetTimestamp();
                await CallAsync(kv, op, random, value);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        double seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        Console.WriteLine($"{op} streams={streams} requests={all.Length} seconds={seconds:F1} rps={all.Length / seconds:F0} p50={all[all.Length / 2]:F2}ms p99={all[(int)(all.Length * 0.99)]:F2}ms");
        return 0;
    }

    private static ByteString Key(int i) => ByteString.CopyFromUtf8($"bench/{i:D5}");

    private static async Task CallAsync(Wire.KV.KVClient kv, string op, Random random, ByteString value)
    {
        switch (op)
        {
            case "put":
                await kv.PutAsync(new Wire.PutRequest { Key = Key(random.Next(KeySpace)), Value = value });
                break;
            case "range":
                await kv.RangeAsync(new Wire.RangeRequest { Key = Key(random.Next(100)) });
                break;
            default:
                // etcd's common txn: compare a version, put on success, range on failure.
                var txn = new Wire.TxnRequest();
                ByteString key = Key(random.Next(KeySpace));
                txn.Compare.Add(new Wire.Compare { Key = key, Target = Wire.Compare.Types.CompareTarget.Version, Result = Wire.Compare.Types.CompareResult.Greater, Version = -1 });
                txn.Success.Add(new Wire.RequestOp { RequestPut = new Wire.PutRequest { Key = key, Value = value } });
                txn.Failure.Add(new Wire.RequestOp { RequestRange = new Wire.RangeRequest { Key = key } });
                await kv.TxnAsync(txn);
                break;
        }
    }
}
