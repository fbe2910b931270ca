using Engine.Storage.Schema;
using Engine.TestKit.IO;
using static Engine.Storage.Backend.Tests.Harness;

namespace Engine.Storage.Backend.Tests;

/// <summary>
/// etcd #12855/#12962/#12964: every commit carries consistent_index, term and confState in the same B+tree
/// transaction as the data, so the db file alone is a raft point in time.
/// </summary>
public sealed class AppliedStateTests
{
    [Fact]
    public void Applied_state_round_trips_through_a_commit_and_a_reopen()
    {
        using var fs = NewFileSystem();
        byte[] conf = ConfStateCodec.Encode(new ConfStateRecord([1, 2, 3], [], [], [], false));
        using (var backend = Backend.Open(fs, DbPath, Manual()))
        {
            Assert.Equal(0UL, backend.ReadAppliedState().ConsistentIndex);
            backend.BatchTx.Lock();
            backend.BatchTx.PutLocked(Buckets.Key, B("k"), B("v"));
            backend.BatchTx.SetAppliedStateLocked(42, 7, conf);
            backend.BatchTx.Unlock();
            Assert.Equal(0UL, backend.ReadAppliedState().ConsistentIndex);
            backend.ForceCommit();
            var state = backend.ReadAppliedState();
            Assert.Equal((42UL, 7UL), (state.ConsistentIndex, state.Term));
            Assert.Equal(conf, state.ConfState);
            AssertStructurallySound(backend);
        }

        using var reopened = Backend.Open(fs, DbPath, Manual());
        var after = reopened.ReadAppliedState();
        Assert.Equal((42UL, 7UL), (after.ConsistentIndex, after.Term));
        Assert.Equal(conf, after.ConfState);
        AssertStructurallySound(reopened);
    }

    [Fact]
    public void An_applied_index_change_alone_is_committed_and_keeps_the_last_conf_state()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, Manual());
        byte[] conf = ConfStateCodec.Encode(new ConfStateRecord([1], [], [], [], false));
        backend.BatchTx.Lock();
        backend.BatchTx.SetAppliedStateLocked(5, 1, conf);
        backend.BatchTx.Unlock();
        backend.ForceCommit();
        backend.BatchTx.Lock();
        backend.BatchTx.SetAppliedStateLocked(6, 2, default);
        backend.BatchTx.Unlock();
        backend.ForceCommit();
        var state = backend.ReadAppliedState();
        Assert.Equal((6UL, 2UL), (state.ConsistentIndex, state.Term));
        Assert.Equal(conf, state.ConfState);
        AssertStructurallySound(backend);
    }

    [Fact]
    public void A_commit_triggered_by_the_timer_carries_the_consistent_index_of_its_data()
    {
        using var fs = NewFileSystem();
        var backend = Backend.Open(fs, DbPath, Timed(TimeSpan.FromMilliseconds(5)));
        for (ulong index = 1; index <= 200; index++)
        {
            backend.BatchTx.Lock();
            backend.BatchTx.PutLocked(Buckets.Key, B($"k{index:D5}"), B($"v{index}"));
            backend.BatchTx.SetAppliedStateLocked(index, 1, default);
            backend.BatchTx.Unlock();
            if (index % 50 == 0)
            {
                Thread.Sleep(30);
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (backend.BatchTx.Commits == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }

        Assert.True(backend.BatchTx.Commits > 0, "the timer never committed");

        // Power cut without closing: only what the timer committed survives.
        using var rebooted = fs.AfterCrash(DamageModel.DropUnsynced, new Random(1));
        using (var recovered = Backend.Open(rebooted, DbPath, Manual()))
        {
            ulong index = recovered.ReadAppliedState().ConsistentIndex;
            Assert.True(index > 0, "a timer commit must carry a consistent_index");
            var data = ReadAll(recovered, Buckets.Key);
            Assert.Equal((int)index, data.Count);
            Assert.Equal($"k{index:D5}", data.Keys.Last());
            AssertStructurallySound(recovered);
        }

        backend.Dispose();
    }
}
