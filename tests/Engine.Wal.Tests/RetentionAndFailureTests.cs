using Engine.Common.Errors;
using Engine.Wal;
using static Engine.Wal.Tests.WalTestData;

namespace Engine.Wal.Tests;

/// <summary>Retention after a snapshot, group commit (one write + one fdatasync per batch) and the fatal latch.</summary>
public sealed class RetentionAndFailureTests
{
    [Fact]
    public void ReleaseBefore_deletes_only_segments_a_replay_from_that_index_does_not_need()
    {
        using var fs = NewFs();
        var random = new Random(31);
        var all = new List<WalEntry>();
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small()))
        {
            for (ulong i = 1; i <= 120; i++)
            {
                var e = Entry(i, 1, random, 100);
                all.Add(e);
                wal.Save(new WalHardState(1, 1, i), [e]);
            }

            int before = Segments(fs).Count;
            wal.SaveSnapshotMarker(70, 1, []);
            wal.ReleaseBefore(70);
            var left = Segments(fs);
            Assert.True(left.Count < before - 3, $"{before} -> {left.Count}");
            Assert.True(SegmentName.TryParse(left[0], out var oldest));
            Assert.True(oldest.FirstIndex <= 70);
            Assert.True(SegmentName.TryParse(left[1], out var second) && second.FirstIndex > 70);
            Assert.Equal(left, wal.SegmentFiles);
            wal.ReleaseBefore(10);
            Assert.Equal(left, Segments(fs));
        }

        using (var replay = WriteAheadLog.ReadAll(fs, Dir, 70, 1))
        {
            AssertEntries(all[70..], replay.Entries);
            Assert.Equal(new WalHardState(1, 1, 120), replay.HardState);
            Assert.Equal(Meta, replay.Metadata);
        }

        Assert.Throws<WalSnapshotNotFoundException>(() => WriteAheadLog.ReadAll(fs, Dir, 0, 0));
        AssertSound(fs);
    }

    [Fact]
    public void Segments_left_before_a_gap_by_an_interrupted_release_are_never_read_and_are_released_next_time()
    {
        using var fs = NewFs();
        var random = new Random(35);
        var all = new List<WalEntry>();
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small()))
        {
            for (ulong i = 1; i <= 80; i++)
            {
                var e = Entry(i, 1, random, 100);
                all.Add(e);
                wal.Save(null, [e]);
            }

            wal.SaveSnapshotMarker(60, 1, []);
        }

        var names = Segments(fs);
        fs.DeleteFile($"{Dir}/{names[0]}");
        fs.DeleteFile($"{Dir}/{names[2]}");
        fs.SyncDirectory(Dir);
        var output = new StringWriter();
        Assert.Empty(WalInspector.Dump(fs, Dir, output));
        Assert.Contains($"segment {names[1]} stale", output.ToString());
        using (var wal = WriteAheadLog.Open(fs, Dir, 60, 1, out var replay, Small()))
        {
            using (replay)
            {
                AssertEntries(all[60..], replay.Entries);
            }

            wal.ReleaseBefore(60);
            Assert.DoesNotContain(names[1], Segments(fs));
        }

        AssertSound(fs);
    }

    [Fact]
    public void Each_save_is_exactly_one_write_and_one_fdatasync()
    {
        using var fs = NewFs();
        var random = new Random(32);
        var options = new WalOptions { SegmentBytes = 1 << 20, PreallocateInBackground = false, ZeroAheadBytes = 64 << 10 };
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, options))
        {
            foreach (int batch in new[] { 1, 8, 64, 256 })
            {
                long ops = fs.Operations, syncs = fs.Syncs;
                wal.Save(new WalHardState(1, 1, 1), Entries(wal.LastIndex + 1, batch, 1, random, 256));
                Assert.Equal(1, fs.Syncs - syncs);

                // One write of the batch; when the log nears space it has never written, one more write of
                // zeros ahead of it (so later fdatasyncs overwrite instead of converting extents).
                Assert.InRange(fs.Operations - ops, 2, 3);
            }

            long before = fs.Operations;
            wal.Save(null, []);
            Assert.Equal(before, fs.Operations);
        }

        AssertSound(fs);
    }

    [Fact]
    public void Zero_ahead_writes_zeros_past_the_batch_and_never_over_data()
    {
        using var fs = NewFs();
        var random = new Random(34);
        var options = new WalOptions { SegmentBytes = 1 << 20, PreallocateInBackground = false, ZeroAheadBytes = 64 << 10 };
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, options))
        {
            for (int i = 0; i < 200; i++)
            {
                long ops = fs.Operations;
                wal.Save(null, Entries(wal.LastIndex + 1, 4, 1, random, 256));
                Assert.InRange(fs.Operations - ops, 2, 3);
            }
        }

        using var replay = WriteAheadLog.ReadAll(fs, Dir, 0, 0);
        Assert.Equal(800, replay.Entries.Count);
        AssertSound(fs);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void After_a_failed_write_or_fdatasync_every_later_call_throws(int failingOperationOfTheSave)
    {
        using var fs = NewFs();
        var random = new Random(33);
        using var wal = WriteAheadLog.Create(fs, Dir, Meta, Small());
        wal.Save(null, Entries(1, 2, 1, random));
        fs.FailAtOperation = fs.Operations + failingOperationOfTheSave;
        Assert.Throws<EngineFatalException>(() => wal.Save(null, Entries(3, 1, 1, random)));
        fs.FailAtOperation = null;
        Assert.Throws<EngineFatalException>(() => wal.Save(null, Entries(3, 1, 1, random)));
        Assert.Throws<EngineFatalException>(() => wal.Save(new WalHardState(1, 1, 1), []));
        Assert.Throws<EngineFatalException>(() => wal.SaveSnapshotMarker(1, 1, []));
        Assert.Throws<EngineFatalException>(() => wal.ReleaseBefore(1));
        using var replay = WriteAheadLog.ReadAll(fs, Dir, 0, 0);
        Assert.True(replay.Entries.Count is 2 or 3);
        AssertSound(fs);
    }

    [Fact]
    public void A_failure_while_cutting_a_segment_latches_the_log()
    {
        using var fs = NewFs();
        var random = new Random(34);
        using var wal = WriteAheadLog.Create(fs, Dir, Meta, Small());
        fs.FailAtOperation = fs.Operations + 1;
        fs.FailPersistently = true;
        Assert.Throws<EngineFatalException>(() =>
        {
            for (ulong i = 1; i < 100; i++)
            {
                wal.Save(null, [Entry(i, 1, random, 300)]);
            }
        });
        fs.FailAtOperation = null;
        Assert.Throws<EngineFatalException>(() => wal.Save(null, [Entry(1, 1, random)]));
        AssertSound(fs);
    }
}
