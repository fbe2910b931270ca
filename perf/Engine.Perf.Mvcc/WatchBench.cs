using System.Diagnostics;
using System.Text;
using Engine.Common.IO;
using Engine.Mvcc;
using Engine.Protocol;
using Engine.Mvcc.Watch;
using Engine.Storage.Backend;

/// <summary>Watch benchmark (issue 8): events/s delivered to N watchers on a prefix while puts run; memory per idle watcher.</summary>
internal static class WatchBench
{
    public static void Run(string dir, int puts)
    {
        foreach (int watchers in new[] { 1, 100, 10_000 })
        {
            string path = Path.Combine(dir, $"watch-{watchers}");
            Directory.CreateDirectory(path);
            using var backend = Backend.Open(PosixFileSystem.Instance, Path.Combine(path, "engine.db"));
            using var store = new KvStore(backend);
            using var watch = new WatchableStore(store, new WatchOptions { StreamBufferResponses = 1024 });
            var streams = new List<WatchStream>();
            int perStream = Math.Max(1, watchers / 100);
            for (int i = 0; i < watchers; i++)
            {
                if (i % perStream == 0)
                {
                    streams.Add(watch.NewStream());
                }

                streams[^1].Create(new WatchCreateRequest { Key = Encoding.ASCII.GetBytes("p/"), RangeEnd = Encoding.ASCII.GetBytes("p0") });
            }

            long delivered = 0;
            var readers = streams.Select(s => Task.Run(async () =>
            {
                while (await s.ReadAsync() is { } r)
                {
                    Interlocked.Add(ref delivered, r.Events?.Count ?? 0);
                }
            })).ToList();
            var value = new byte[100];
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < puts; i++)
            {
                using var txn = store.BeginWrite();
                txn.Put(new PutRequest { Key = Encoding.ASCII.GetBytes($"p/{i % 1000}"), Value = value });
            }

            long expected = (long)puts * watchers;
            var deadline = sw.Elapsed + TimeSpan.FromSeconds(60);
            while (Interlocked.Read(ref delivered) < expected && sw.Elapsed < deadline)
            {
                Thread.Sleep(5);
            }

            sw.Stop();
            Console.WriteLine($"watch: {watchers:N0} watchers on a prefix, {puts:N0} puts: {Interlocked.Read(ref delivered):N0} of {expected:N0} events in {sw.Elapsed.TotalSeconds:F2} s = {Interlocked.Read(ref delivered) / sw.Elapsed.TotalSeconds:N0} events/s (slow-watcher episodes {watch.SlowWatcherTotal:N0})");
            foreach (var s in streams)
            {
                s.Dispose();
            }

            Task.WaitAll(readers.ToArray());
        }

        // memory per idle watcher: 10,000 watchers on one stream, no events
        {
            string path = Path.Combine(dir, "watch-idle");
            Directory.CreateDirectory(path);
            using var backend = Backend.Open(PosixFileSystem.Instance, Path.Combine(path, "engine.db"));
            using var store = new KvStore(backend);
            using var watch = new WatchableStore(store);
            using var stream = watch.NewStream();
            long before = GC.GetTotalMemory(true);
            for (int i = 0; i < 10_000; i++)
            {
                stream.Create(new WatchCreateRequest { Key = Encoding.ASCII.GetBytes($"idle/{i:D6}") });
            }

            long after = GC.GetTotalMemory(true);
            Console.WriteLine($"watch: {(after - before) / 10_000.0:F0} bytes per idle watcher (10,000 single-key watchers on one stream, created responses still queued)");
        }
    }
}
