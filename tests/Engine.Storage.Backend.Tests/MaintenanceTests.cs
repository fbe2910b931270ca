using Engine.Common.Errors;
using Engine.Storage.Schema;
using Engine.TestKit.IO;
using static Engine.Storage.Backend.Tests.Harness;

namespace Engine.Storage.Backend.Tests;

/// <summary>Maintenance operations (etcd maintenance.go / backend.go): hash, size, defragment, snapshot, quota, fail-stop.</summary>
public sealed class MaintenanceTests
{
    [Fact]
    public void Crc32c_matches_the_castagnoli_check_value()
    {
        var crc = new Crc32C();
        crc.Append("1234"u8);
        crc.Append("56789"u8);
        Assert.Equal(0xE3069283u, crc.Value);
    }

    [Fact]
    public void Hash_ignores_consistent_index_and_term_but_covers_data_and_conf_state()
    {
        using var fs = NewFileSystem();
        using var a = Backend.Open(fs, "/data/a.db", Manual());
        using var b = Backend.Open(fs, "/data/b.db", Manual());
        foreach (var (backend, index) in new[] { (a, 10UL), (b, 99UL) })
        {
            Put(backend, Buckets.Key, "k1", "v1");
            Put(backend, Buckets.Members, "m1", "x");
            backend.BatchTx.Lock();
            backend.BatchTx.SetAppliedStateLocked(index, index, "{}"u8);
            backend.BatchTx.Unlock();
        }

        Assert.Equal(a.Hash(), b.Hash());
        Put(b, Buckets.Key, "k1", "v2");
        Assert.NotEqual(a.Hash(), b.Hash());
        Put(b, Buckets.Key, "k1", "v1");
        Assert.Equal(a.Hash(), b.Hash());
        b.BatchTx.Lock();
        b.BatchTx.SetAppliedStateLocked(100, 100, "{\"voters\":[1]}"u8);
        b.BatchTx.Unlock();
        Assert.NotEqual(a.Hash(), b.Hash());
        AssertStructurallySound(a);
        AssertStructurallySound(b);
    }

    [Fact]
    public void Size_in_use_is_at_most_size_and_defragment_shrinks_the_file_keeping_every_key()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual(batchLimit: 500));
        string big = new('v', 900);
        for (int i = 0; i < 3000; i++)
        {
            Put(backend, Buckets.Key, $"k{i:D5}", big);
        }

        backend.ForceCommit();
        for (int i = 0; i < 3000; i++)
        {
            if (i % 10 != 0)
            {
                Delete(backend, Buckets.Key, $"k{i:D5}");
            }
        }

        backend.ForceCommit();
        var before = ReadAll(backend, Buckets.Key);
        uint hash = backend.Hash();
        long size = backend.Size;
        Assert.True(backend.SizeInUse <= size);

        backend.Defragment();

        Assert.True(backend.Size < size, $"defragment did not shrink the file: {size} -> {backend.Size}");
        Assert.Equal(before, ReadAll(backend, Buckets.Key));
        Assert.Equal(hash, backend.Hash());
        Assert.False(fs.FileExists(DbPath + ".defrag"));
        Put(backend, Buckets.Key, "after", "defrag");
        backend.ForceCommit();
        Assert.Equal("defrag", Get(backend, Buckets.Key, "after"));
        AssertStructurallySound(backend);
    }

    [Fact]
    public void Reads_and_writes_proceed_while_defragment_copies()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual());
        for (int i = 0; i < 200; i++)
        {
            Put(backend, Buckets.Key, $"k{i:D3}", "old");
        }

        backend.ForceCommit();
        using var reader = backend.ConcurrentReadTx();
        int progressCalls = 0;
        Thread? writer = null;
        string? seenDuringCopy = null;
        Exception? failure = null;
        backend.Defragment((_, _) =>
        {
            if (progressCalls++ == 0)
            {
                // Another thread writes, commits and reads while the copy runs: none of it waits for the copy.
                writer = new Thread(() =>
                {
                    try
                    {
                        Put(backend, Buckets.Key, "k000", "new");
                        backend.ForceCommit();
                        seenDuringCopy = Get(backend, Buckets.Key, "k000");
                    }
                    catch (Exception e)
                    {
                        failure = e;
                    }
                });
                writer.Start();
                Assert.True(writer.Join(TimeSpan.FromSeconds(20)), "a write stalled behind the defragment copy");
                reader.Dispose();
            }
        });

        Assert.True(progressCalls > 0);
        Assert.Null(failure);
        Assert.Equal("new", seenDuringCopy);
        Assert.Equal("new", Get(backend, Buckets.Key, "k000"));
        Assert.Equal(200, ReadAll(backend, Buckets.Key).Count);
        AssertStructurallySound(backend);
    }

    [Fact]
    public void A_defragment_that_fails_during_the_copy_leaves_the_backend_working_on_the_original_file()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual());
        for (int i = 0; i < 300; i++)
        {
            Put(backend, Buckets.Key, $"k{i:D3}", "v");
        }

        backend.ForceCommit();
        uint hash = backend.Hash();
        bool failed = false;
        Assert.ThrowsAny<Exception>(() => backend.Defragment((_, _) =>
        {
            if (!failed)
            {
                failed = true;
                fs.FailAtOperation = fs.Operations + 1;
                fs.FailPersistently = true;
            }
        }));
        fs.FailAtOperation = null;
        fs.FailPersistently = false;

        Assert.True(failed);
        Assert.False(backend.IsFailed);
        Assert.Equal(hash, backend.Hash());
        Put(backend, Buckets.Key, "after", "failed defrag");
        backend.ForceCommit();
        Assert.Equal("failed defrag", Get(backend, Buckets.Key, "after"));
        backend.Defragment();
        Assert.Equal(301, ReadAll(backend, Buckets.Key).Count);
        AssertStructurallySound(backend);
    }

    [Fact]
    public void A_long_range_read_does_not_stall_commits()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual());
        for (int i = 0; i < 100; i++)
        {
            Put(backend, Buckets.Key, $"k{i:D3}", "v");
        }

        backend.ForceCommit();
        using var inRange = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        int visited = 0;
        Exception? failure = null;
        var reader = new Thread(() =>
        {
            try
            {
                using var tx = backend.ConcurrentReadTx();
                visited = tx.Range(Buckets.Key, B("k"), B("l"), 0, (_, _) =>
                {
                    inRange.Set();
                    release.Wait();
                    return true;
                });
            }
            catch (Exception e)
            {
                failure = e;
                inRange.Set();
            }
        });
        reader.Start();
        Assert.True(inRange.Wait(TimeSpan.FromSeconds(10)));

        for (int i = 0; i < 5; i++)
        {
            Put(backend, Buckets.Key, $"new{i}", "v");
            backend.ForceCommit();
        }

        Assert.Equal(5 + 1, backend.BatchTx.Commits);
        release.Set();
        reader.Join();
        Assert.Null(failure);
        Assert.Equal(100, visited);
        AssertStructurallySound(backend);
    }

    [Fact]
    public void Snapshot_streams_a_consistent_db_that_opens_with_the_same_data_and_applied_state()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual());
        for (int i = 0; i < 500; i++)
        {
            Put(backend, Buckets.Key, $"k{i:D3}", $"v{i}");
        }

        backend.BatchTx.Lock();
        backend.BatchTx.SetAppliedStateLocked(77, 3, default);
        backend.BatchTx.Unlock();
        var stream = new MemoryStream();
        long lastDone = 0, lastTotal = 0;
        backend.Snapshot(stream, (done, total) => (lastDone, lastTotal) = (done, total));
        Put(backend, Buckets.Key, "k000", "changed after the snapshot");

        Assert.True(stream.Length > 0);
        Assert.Equal(lastTotal, lastDone);
        using var restoredFs = NewFileSystem();
        using (var file = restoredFs.Open("/data/restored.db", create: true))
        {
            file.Write(0, stream.ToArray());
            file.Sync();
        }

        restoredFs.SyncDirectory(Harness.Directory);
        using var restored = Backend.Open(restoredFs, "/data/restored.db", Manual());
        Assert.Equal(77UL, restored.ReadAppliedState().ConsistentIndex);
        var data = ReadAll(restored, Buckets.Key);
        Assert.Equal(500, data.Count);
        Assert.Equal("v0", data["k000"]);
        AssertStructurallySound(restored);
        AssertStructurallySound(backend);
    }

    [Fact]
    public void Quota_check_raises_nospace_once_and_disarm_clears_it()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual(quota: 1));
        int raised = 0;
        backend.NoSpace += () => raised++;
        Assert.True(backend.IsQuotaAvailable(0));
        Assert.False(backend.IsQuotaAvailable(256));
        var error = Assert.Throws<DatabaseSpaceExceededException>(() => backend.CheckQuota(256));
        Assert.Contains("database space exceeded", error.Message);
        Assert.Throws<DatabaseSpaceExceededException>(() => backend.CheckQuota(256));
        Assert.True(backend.IsNoSpace);
        Assert.Equal(1, raised);
        backend.DisarmNoSpace();
        Assert.False(backend.IsNoSpace);

        using var roomy = Backend.Open(fs, "/data/roomy.db", Manual());
        Assert.Equal(BackendOptions.DefaultQuotaBytes, roomy.QuotaBytes);
        roomy.CheckQuota(256);
        Assert.False(roomy.IsNoSpace);
        AssertStructurallySound(backend);
        AssertStructurallySound(roomy);
    }

    [Fact]
    public void A_failed_commit_latches_the_backend_and_refuses_later_writes()
    {
        using var fs = NewFileSystem();
        var backend = Backend.Open(fs, DbPath, Manual());
        Put(backend, Buckets.Key, "a", "1");
        backend.ForceCommit();
        Put(backend, Buckets.Key, "b", "2");
        fs.FailAtOperation = fs.Operations + 1;
        fs.FailPersistently = true;
        Assert.Throws<EngineFatalException>(backend.ForceCommit);
        Assert.True(backend.IsFailed);
        backend.BatchTx.Lock();
        Assert.Throws<EngineFatalException>(() => backend.BatchTx.PutLocked(Buckets.Key, B("c"), B("3")));
        backend.BatchTx.Unlock();
        backend.Dispose();

        fs.FailAtOperation = null;
        using var rebooted = fs.AfterCrash(DamageModel.DropUnsynced, new Random(1));
        using var reopened = Backend.Open(rebooted, DbPath, Manual());
        Assert.Equal("1", Get(reopened, Buckets.Key, "a"));
        Assert.Null(Get(reopened, Buckets.Key, "b"));
        AssertStructurallySound(reopened);
    }
}
