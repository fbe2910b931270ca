using Engine.Storage.Schema;
using Engine.TestKit;
using static Engine.Storage.Backend.Tests.Harness;

namespace Engine.Storage.Backend.Tests;

/// <summary>etcd backend batching and read-buffer semantics (server/storage/backend batch_tx.go, tx_buffer.go, read_tx.go).</summary>
public sealed class BatchingTests
{
    [Fact]
    public void Open_creates_every_catalogue_bucket()
    {
        using var fs = NewFileSystem();
        using (var backend = Backend.Open(fs, DbPath, Manual()))
        {
            foreach (var bucket in Buckets.All)
            {
                Put(backend, bucket, "probe", bucket.Name);
            }

            backend.ForceCommit();
            AssertStructurallySound(backend);
        }

        using var reopened = Backend.Open(fs, DbPath, Manual());
        foreach (var bucket in Buckets.All)
        {
            Assert.Equal(bucket.Name, Get(reopened, bucket, "probe"));
        }

        AssertStructurallySound(reopened);
    }

    [Fact]
    public void ForEach_visits_the_whole_bucket_whatever_the_key_length_with_buffered_writes_merged()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual());
        byte[] longest = Enumerable.Repeat((byte)0xFF, 300).ToArray();
        backend.BatchTx.Lock();
        backend.BatchTx.PutLocked(Buckets.Members, [0x00], B("low"));
        backend.BatchTx.PutLocked(Buckets.Members, B("m"), B("committed"));
        backend.BatchTx.PutLocked(Buckets.Members, longest, B("high"));
        backend.BatchTx.PutLocked(Buckets.Key, B("other bucket"), B("x"));
        backend.BatchTx.Unlock();
        backend.ForceCommit();
        backend.BatchTx.Lock();
        backend.BatchTx.PutLocked(Buckets.Members, B("n"), B("buffered"));
        backend.BatchTx.DeleteLocked(Buckets.Members, B("m"));
        backend.BatchTx.Unlock();

        var seen = new List<(byte[] Key, string Value)>();
        using (var read = backend.ConcurrentReadTx())
        {
            int count = read.ForEach(Buckets.Members, (key, value) =>
            {
                seen.Add((key.ToArray(), System.Text.Encoding.UTF8.GetString(value)));
                return true;
            });
            Assert.Equal(3, count);
        }

        Assert.Equal(["low", "buffered", "high"], seen.Select(e => e.Value));
        Assert.Equal(longest, seen[^1].Key);
        AssertStructurallySound(backend);
    }

    [Fact]
    public void Reads_see_a_writers_puts_only_after_unlock_and_before_any_commit()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual());
        backend.BatchTx.Lock();
        backend.BatchTx.PutLocked(Buckets.Key, B("a"), B("1"));
        backend.BatchTx.PutLocked(Buckets.Key, B("b"), B("2"));
        Assert.Null(Get(backend, Buckets.Key, "a"));
        backend.BatchTx.Unlock();

        Assert.Equal("1", Get(backend, Buckets.Key, "a"));
        Assert.Equal(["a", "b"], ReadAll(backend, Buckets.Key).Keys);
        Assert.Equal(0, backend.BatchTx.Commits);
        AssertStructurallySound(backend);
    }

    [Fact]
    public void A_delete_is_invisible_to_readers_at_once_without_a_commit_etcd_17158()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual());
        Put(backend, Buckets.Key, "a", "1");
        Put(backend, Buckets.Key, "b", "2");
        backend.ForceCommit();
        long commits = backend.BatchTx.Commits;

        Delete(backend, Buckets.Key, "a");
        Assert.Null(Get(backend, Buckets.Key, "a"));
        Assert.Equal(["b"], ReadAll(backend, Buckets.Key).Keys);
        Assert.Equal(commits, backend.BatchTx.Commits);

        Put(backend, Buckets.Key, "a", "3");
        Assert.Equal("3", Get(backend, Buckets.Key, "a"));
        AssertStructurallySound(backend);
    }

    [Fact]
    public void A_read_view_keeps_its_point_in_time_across_later_writes_and_commits()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual());
        Put(backend, Buckets.Key, "a", "1");
        using var view = backend.ConcurrentReadTx();
        Put(backend, Buckets.Key, "a", "2");
        Put(backend, Buckets.Key, "b", "2");
        backend.ForceCommit();
        Delete(backend, Buckets.Key, "a");

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, ReadAll(view, Buckets.Key));
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, ReadAll(backend, Buckets.Key));
        view.Dispose();
        AssertStructurallySound(backend);
    }

    [Fact]
    public void The_batch_commits_at_unlock_once_the_batch_limit_is_reached()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual(batchLimit: 5));
        for (int i = 0; i < 4; i++)
        {
            Put(backend, Buckets.Key, $"k{i}", "v");
        }

        Assert.Equal(0, backend.BatchTx.Commits);
        Put(backend, Buckets.Key, "k4", "v");
        Assert.Equal(1, backend.BatchTx.Commits);
        backend.BatchTx.Lock();
        Assert.Equal(0, backend.BatchTx.PendingLocked);
        backend.BatchTx.Unlock();
        AssertStructurallySound(backend);
    }

    [Fact]
    public void The_batch_interval_timer_commits_pending_writes()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Timed(TimeSpan.FromMilliseconds(10)));
        Put(backend, Buckets.Key, "a", "1");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (backend.BatchTx.Commits == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }

        Assert.True(backend.BatchTx.Commits > 0, "the timer never committed");
        AssertStructurallySound(backend);
    }

    [Fact]
    public void Locked_methods_refuse_callers_that_do_not_hold_the_batch_lock()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual());
        Assert.Throws<InvalidOperationException>(() => backend.BatchTx.PutLocked(Buckets.Key, B("a"), B("1")));
        Assert.Throws<InvalidOperationException>(() => backend.BatchTx.DeleteLocked(Buckets.Key, B("a")));
        Assert.Throws<InvalidOperationException>(() => backend.BatchTx.SetAppliedStateLocked(1, 1, default));
        AssertStructurallySound(backend);
    }

    [Fact]
    public void Range_merges_buffer_and_tree_in_key_order_against_a_model()
    {
        using var fs = NewFileSystem();
        Seeds.Run(20, seed =>
        {
            var random = new Random(seed);
            string path = $"{Harness.Directory}/range-{seed}.db";
            using var backend = Backend.Open(fs, path, Manual(batchLimit: 1 + random.Next(40)));
            var model = new SortedDictionary<string, string>(StringComparer.Ordinal);
            for (int step = 0; step < 400; step++)
            {
                string key = $"k{random.Next(80):D2}";
                if (random.Next(3) == 0)
                {
                    Delete(backend, Buckets.Key, key);
                    model.Remove(key);
                }
                else
                {
                    Put(backend, Buckets.Key, key, $"v{step}");
                    model[key] = $"v{step}";
                }

                if (random.Next(50) == 0)
                {
                    backend.ForceCommit();
                }

                if (step % 20 == 0)
                {
                    CheckRandomRange(backend, model, random);
                }
            }

            Assert.Equal(model, ReadAll(backend, Buckets.Key));
            AssertStructurallySound(backend);
        });
    }

    [Fact]
    public void RangeLocked_sees_the_writers_own_uncommitted_writes()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual());
        Put(backend, Buckets.Lease, "1", "a");
        backend.ForceCommit();
        backend.BatchTx.Lock();
        backend.BatchTx.PutLocked(Buckets.Lease, B("2"), B("b"));
        backend.BatchTx.DeleteLocked(Buckets.Lease, B("1"));
        var seen = new List<string>();
        int count = backend.BatchTx.RangeLocked(Buckets.Lease, B("0"), B("9"), 0, (k, v) => { seen.Add(S(k) + "=" + S(v)); return true; });
        backend.BatchTx.Unlock();
        Assert.Equal(1, count);
        Assert.Equal(["2=b"], seen);
        AssertStructurallySound(backend);
    }

    private static void CheckRandomRange(Backend backend, SortedDictionary<string, string> model, Random random)
    {
        string start = $"k{random.Next(80):D2}";
        string end = $"k{random.Next(80):D2}~";
        int limit = random.Next(4) == 0 ? 0 : 1 + random.Next(10);
        var expected = model.Where(kv => string.CompareOrdinal(kv.Key, start) >= 0 && string.CompareOrdinal(kv.Key, end) < 0)
            .Take(limit == 0 ? int.MaxValue : limit).Select(kv => kv.Key + "=" + kv.Value).ToList();
        var actual = new List<string>();
        using var tx = backend.ConcurrentReadTx();
        int count = tx.Range(Buckets.Key, B(start), B(end), limit, (k, v) => { actual.Add(S(k) + "=" + S(v)); return true; });
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Count, count);
    }
}
