using System.Collections.Concurrent;
using System.Text;
using Engine.Protocol;
using Engine.Mvcc.Tests.Support;
using Engine.Mvcc.Watch;
using Engine.TestKit;

namespace Engine.Mvcc.Tests;

/// <summary>
/// Issue 8 acceptance: the five watch guarantees — ordered, unique, reliable (no gap), atomic (a revision's events
/// in one response) and resumable (restart from last seen + 1 continues exactly) — under random writes, compactions
/// and cancels, with slow and fast consumers and a tiny stream buffer that forces victims and catch-up.
/// </summary>
public sealed class WatchGuaranteeTests
{
    private static readonly string[] Keys = ["a", "a/1", "a/2", "b", "b/1", "c"];

    private sealed class Tracked
    {
        public required WatchStream Stream;
        public required long Id;
        public required WatchCreateRequest Request;
        public long Start;
        public readonly List<(long Rev, string Key, EventType Type)> Seen = [];
        public long CompactedAt;
        public bool Canceled;
    }

    [Fact]
    public async Task Watch_events_are_ordered_unique_reliable_atomic_and_resumable_under_random_load()
    {
        long victims = 0;
        for (int seed = 1; seed <= 6; seed++)
        {
            try
            {
                victims += await RunOne(seed);
            }
            catch (Exception e)
            {
                throw new SeededFailureException(seed, e);
            }
        }

        Assert.True(victims > 0, "the slow consumers never made a watcher a victim: the test lost its teeth");
    }

    private static async Task<long> RunOne(int seed)
    {
        var random = new Random(seed);
        using var store = new KvStore(new MemoryKvBackend(), new KvStoreOptions { CompactionSleepInterval = TimeSpan.Zero });
        using var watchable = new WatchableStore(store, new WatchOptions { StreamBufferResponses = 3, SyncInterval = TimeSpan.FromMilliseconds(3), VictimRetryInterval = TimeSpan.FromMilliseconds(1), ProgressNotifyInterval = TimeSpan.Zero });
        var log = new List<Event>(); // every event ever committed, in order
        var streams = new List<WatchStream>();
        var readers = new List<Task>();
        var byStream = new ConcurrentDictionary<WatchStream, ConcurrentDictionary<long, Tracked>>();
        var atomicity = new ConcurrentQueue<string>();
        var progress = new ConcurrentDictionary<WatchStream, long>();
        var cancelled = new List<Tracked>();
        var all = new List<Tracked>();
        for (int s = 0; s < 4; s++)
        {
            var stream = watchable.NewStream();
            streams.Add(stream);
            byStream[stream] = new ConcurrentDictionary<long, Tracked>();
            int delayMs = s % 2 == 0 ? 0 : 2; // slow and fast consumers
            readers.Add(Task.Run(() => Read(stream, byStream[stream], delayMs, atomicity, progress)));
        }

        for (int step = 0; step < 300; step++)
        {
            int dice = random.Next(100);
            if (dice < 12)
            {
                var stream = streams[random.Next(streams.Count)];
                var tracked = Create(stream, byStream[stream], random, store);
                all.Add(tracked);
            }
            else if (dice < 16 && all.Count(t => !t.Canceled) > 0)
            {
                var victim = all.Where(t => !t.Canceled).ElementAt(random.Next(all.Count(t => !t.Canceled)));
                victim.Canceled = true;
                victim.Stream.Cancel(victim.Id);
                cancelled.Add(victim);
            }
            else if (dice < 18 && store.CurrentRevision > 10)
            {
                using var txn = store.BeginWrite();
                txn.Compact(store.CurrentRevision - 8 - random.Next(4));
            }
            else
            {
                using var txn = store.BeginWrite();
                for (int i = random.Next(1, 4); i > 0; i--)
                {
                    string key = Keys[random.Next(Keys.Length)];
                    if (random.Next(4) == 0)
                    {
                        txn.DeleteRange(new DeleteRangeRequest { Key = B(key) });
                    }
                    else if (!txn.Changes.Any(c => Encoding.UTF8.GetString(c.Kv!.Key!) == key))
                    {
                        txn.Put(new PutRequest { Key = B(key), Value = B($"{step}") });
                    }
                }

                lock (log)
                {
                    log.AddRange(txn.Changes);
                }
            }

            if (random.Next(10) == 0)
            {
                await Task.Delay(1);
            }
        }

        long final = store.CurrentRevision;
        foreach (var stream in streams)
        {
            stream.RequestProgress();
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (streams.Any(s => !progress.TryGetValue(s, out long r) || r < final))
        {
            Assert.True(DateTime.UtcNow < deadline, "progress never arrived for every stream");
            await Task.Delay(5);
        }

        foreach (var stream in streams)
        {
            stream.Dispose();
        }

        await Task.WhenAll(readers);
        Assert.Empty(atomicity);
        foreach (var t in all)
        {
            var expected = log.Where(e => e.Kv!.ModRevision >= t.Start && Matches(t.Request, e))
                .Select(e => (e.Kv!.ModRevision, Encoding.UTF8.GetString(e.Kv.Key!), e.Type)).ToList();
            if (t.CompactedAt != 0)
            {
                // a watcher that fell behind a compaction (from its start, or later as a victim) is told so once
                long next = t.Seen.Count == 0 ? t.Start : t.Seen[^1].Rev + 1;
                Assert.True(next < t.CompactedAt, $"watcher {t.Id} needing {next} told compacted at {t.CompactedAt}");
                Assert.Equal(expected.Take(t.Seen.Count), t.Seen);
                continue;
            }

            if (t.Canceled)
            {
                Assert.Equal(expected.Take(t.Seen.Count), t.Seen); // a prefix: ordered, unique, no gap
                await CheckResume(watchable, t, expected, final);
            }
            else
            {
                Assert.Equal(expected, t.Seen);
            }
        }

        return watchable.SlowWatcherTotal;
    }

    /// <summary>Resumable: a new watcher from the last seen revision + 1 delivers exactly the rest.</summary>
    private static async Task CheckResume(WatchableStore watchable, Tracked t, List<(long Rev, string Key, EventType Type)> expected, long final)
    {
        long from = t.Seen.Count == 0 ? t.Start : t.Seen[^1].Rev + 1;
        if (from < watchable.Store.CompactRevision)
        {
            return; // history below the compaction is gone; the compacted answer is checked elsewhere
        }

        using var stream = watchable.NewStream();
        var request = t.Request;
        stream.Create(new WatchCreateRequest { Key = request.Key, RangeEnd = request.RangeEnd, Filters = request.Filters, StartRevision = from });
        var rest = new List<(long, string, EventType)>();
        stream.RequestProgress();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await stream.ReadAsync(timeout.Token) is { } response)
        {
            if (response.WatchId == -1 && response.Header!.Revision >= final)
            {
                break;
            }

            foreach (var e in response.Events ?? [])
            {
                rest.Add((e.Kv!.ModRevision, Encoding.UTF8.GetString(e.Kv.Key!), e.Type));
            }
        }

        Assert.Equal(expected.Where(e => e.Rev >= from), rest);
    }

    private static Tracked Create(WatchStream stream, ConcurrentDictionary<long, Tracked> tracked, Random random, KvStore store)
    {
        string key = Keys[random.Next(Keys.Length)];
        var request = new WatchCreateRequest { Key = B(key) };
        switch (random.Next(4))
        {
            case 0: request.RangeEnd = B(key + "0"); break; // prefix key/ … (covers "a/1" under "a/")
            case 1: request.RangeEnd = [0]; break;
            case 2: request.Key = B(key + "/"); request.RangeEnd = B(key + "0"); break;
        }

        if (random.Next(5) == 0)
        {
            request.Filters = [random.Next(2) == 0 ? WatchFilterType.NoPut : WatchFilterType.NoDelete];
        }

        long current = store.CurrentRevision;
        request.StartRevision = random.Next(3) == 0 ? 0 : random.NextInt64(Math.Max(1, current - 12), current + 3);
        long id = 1000 + tracked.Count + (long)stream.GetHashCode() % 1000 * 10_000;
        request.WatchId = id;
        var t = new Tracked { Stream = stream, Id = id, Request = request, Start = request.StartRevision == 0 ? current + 1 : request.StartRevision };
        tracked[id] = t;
        stream.Create(request);
        return t;
    }

    private static async Task Read(WatchStream stream, ConcurrentDictionary<long, Tracked> tracked, int delayMs, ConcurrentQueue<string> atomicity, ConcurrentDictionary<WatchStream, long> progress)
    {
        while (await stream.ReadAsync() is { } response)
        {
            if (delayMs > 0)
            {
                await Task.Delay(delayMs);
            }

            if (response.WatchId == -1 && !response.Created)
            {
                progress[stream] = response.Header!.Revision;
                continue;
            }

            if (!tracked.TryGetValue(response.WatchId, out var t))
            {
                continue;
            }

            if (response.Created)
            {
                if (t.Request.StartRevision == 0)
                {
                    t.Start = response.Header!.Revision + 1;
                }

                continue;
            }

            if (response.CompactRevision != 0)
            {
                t.CompactedAt = response.CompactRevision;
                continue;
            }

            var revisions = (response.Events ?? []).GroupBy(e => e.Kv!.ModRevision);
            foreach (var group in revisions)
            {
                if (t.Seen.Any(s => s.Rev == group.Key))
                {
                    atomicity.Enqueue($"watcher {t.Id}: revision {group.Key} split across responses");
                }
            }

            foreach (var e in response.Events ?? [])
            {
                t.Seen.Add((e.Kv!.ModRevision, Encoding.UTF8.GetString(e.Kv.Key!), e.Type));
            }
        }
    }

    private static bool Matches(WatchCreateRequest r, Event e)
    {
        if (r.Filters is { } f && ((f.Contains(WatchFilterType.NoPut) && e.Type == EventType.Put) || (f.Contains(WatchFilterType.NoDelete) && e.Type == EventType.Delete)))
        {
            return false;
        }

        var key = e.Kv!.Key!;
        if (r.RangeEnd is null)
        {
            return key.AsSpan().SequenceEqual(r.Key);
        }

        return key.AsSpan().SequenceCompareTo(r.Key) >= 0 && (r.RangeEnd is [0] || key.AsSpan().SequenceCompareTo(r.RangeEnd) < 0);
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
}
