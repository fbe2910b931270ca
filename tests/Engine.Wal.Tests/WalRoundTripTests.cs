using System.Runtime.InteropServices;
using Engine.Common.IO;
using Engine.TestKit;
using Engine.Wal;
using static Engine.Wal.Tests.WalTestData;

namespace Engine.Wal.Tests;

/// <summary>Every record type survives a write and a replay; etcd's ReadAll semantics for overwrites and markers.</summary>
public sealed class WalRoundTripTests
{
    [Fact]
    public void Every_record_type_round_trips()
    {
        using var fs = NewFs();
        var random = new Random(1);
        var entries = Entries(1, 5, 2, random);
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small()))
        {
            wal.Save(new WalHardState(2, 7, 3), entries);
            wal.SaveSnapshotMarker(0, 0, [9, 8, 7]);
        }

        using var log = WriteAheadLog.Open(fs, Dir, 0, 0, out var replay, Small());
        using (replay)
        {
            Assert.Equal(Meta, replay.Metadata);
            Assert.Equal(new WalHardState(2, 7, 3), replay.HardState);
            AssertEntries(entries, replay.Entries);
            var marker = Assert.Single(replay.SnapshotMarkers);
            Assert.Equal((0UL, 0UL), (marker.Index, marker.Term));
            Assert.Equal(new byte[] { 9, 8, 7 }, marker.ConfState.ToArray());
            Assert.False(replay.TornTailDropped);
        }

        AssertSound(fs);
    }

    [Fact]
    public void Replayed_payloads_are_slices_of_the_segment_mapping_not_copies()
    {
        using var fs = NewFs();
        var entries = Entries(1, 3, 1, new Random(8));
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small()))
        {
            wal.Save(null, entries);
            wal.SaveSnapshotMarker(1, 1, [5]);
        }

        using var replay = WriteAheadLog.ReadAll(fs, Dir, 0, 0);
        Assert.All(replay.Entries, e => Assert.True(MemoryMarshal.TryGetMemoryManager<byte, MappedMemory>(e.Payload, out _)));
        Assert.True(MemoryMarshal.TryGetMemoryManager<byte, MappedMemory>(replay.SnapshotMarkers[0].ConfState, out _));
        AssertEntries(entries, replay.Entries);
        AssertSound(fs);
    }

    [Fact]
    public void A_new_log_replays_metadata_and_no_hard_state()
    {
        using var fs = NewFs();
        WriteAheadLog.Create(fs, Dir, Meta, Small()).Dispose();
        using var replay = WriteAheadLog.ReadAll(fs, Dir, 0, 0);
        Assert.Equal(Meta, replay.Metadata);
        Assert.Null(replay.HardState);
        Assert.Empty(replay.Entries);
        Assert.True(WriteAheadLog.Exists(fs, Dir));
        Assert.Throws<InvalidOperationException>(() => WriteAheadLog.Create(fs, Dir, Meta, Small()));
        AssertSound(fs);
    }

    [Fact]
    public void A_save_with_only_a_hard_state_is_kept_and_the_last_hard_state_wins()
    {
        using var fs = NewFs();
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small()))
        {
            wal.Save(new WalHardState(1, 1, 0), []);
            wal.Save(new WalHardState(3, 2, 0), []);
            wal.Save(null, []);
        }

        using var replay = WriteAheadLog.ReadAll(fs, Dir, 0, 0);
        Assert.Equal(new WalHardState(3, 2, 0), replay.HardState);
        AssertSound(fs);
    }

    [Fact]
    public void A_later_entry_replaces_every_entry_at_or_after_its_index_like_etcd_ReadAll()
    {
        using var fs = NewFs();
        var random = new Random(2);
        var first = Entries(1, 10, 1, random);
        var rewrite = Entries(6, 2, 2, random);
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small()))
        {
            wal.Save(null, first);
            wal.Save(null, rewrite);
            Assert.Equal(7UL, wal.LastIndex);
        }

        using var replay = WriteAheadLog.ReadAll(fs, Dir, 0, 0);
        AssertEntries([.. first.Take(5), .. rewrite], replay.Entries);
        AssertSound(fs);
    }

    [Fact]
    public void Replay_from_a_marker_skips_entries_at_or_below_it_and_requires_the_marker()
    {
        using var fs = NewFs();
        var random = new Random(3);
        var entries = Entries(1, 10, 1, random);
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small()))
        {
            wal.Save(new WalHardState(1, 0, 10), entries);
            wal.SaveSnapshotMarker(4, 1, []);
        }

        using (var replay = WriteAheadLog.ReadAll(fs, Dir, 4, 1))
        {
            AssertEntries(entries[4..], replay.Entries);
        }

        Assert.Throws<WalSnapshotNotFoundException>(() => WriteAheadLog.ReadAll(fs, Dir, 4, 2));
        Assert.Throws<WalSnapshotNotFoundException>(() => WriteAheadLog.ReadAll(fs, Dir, 5, 1));
        AssertSound(fs);
    }

    [Fact]
    public void Reopened_log_appends_after_the_replayed_tail_and_keeps_the_chain()
    {
        using var fs = NewFs();
        var random = new Random(4);
        var a = Entries(1, 3, 1, random);
        var b = Entries(4, 3, 1, random);
        WriteAheadLog.Create(fs, Dir, Meta, Small()).Dispose();
        for (int round = 0; round < 2; round++)
        {
            using var wal = WriteAheadLog.Open(fs, Dir, 0, 0, out var replay, Small());
            replay.Dispose();
            wal.Save(new WalHardState(1, 0, (ulong)round), round == 0 ? a : b);
        }

        using var final = WriteAheadLog.ReadAll(fs, Dir, 0, 0);
        AssertEntries([.. a, .. b], final.Entries);
        Assert.Equal(new WalHardState(1, 0, 1), final.HardState);
        AssertSound(fs);
    }

    [Fact]
    public void Segments_are_cut_when_full_named_seq_and_first_index_and_replay_across_them()
    {
        using var fs = NewFs();
        var random = new Random(5);
        var all = new List<WalEntry>();
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small()))
        {
            for (ulong i = 1; i <= 100; i++)
            {
                var e = Entry(i, 1, random, 100);
                all.Add(e);
                wal.Save(new WalHardState(1, 0, i - 1), [e]);
            }
        }

        var names = Segments(fs);
        Assert.True(names.Count >= 5, $"only {names.Count} segments");
        Assert.Equal("0000000000000000-0000000000000000.wal", names[0]);
        Assert.All(names, n => Assert.Matches("^[0-9a-f]{16}-[0-9a-f]{16}\\.wal$", n));
        using var replay = WriteAheadLog.ReadAll(fs, Dir, 0, 0);
        AssertEntries(all, replay.Entries);
        Assert.Equal(new WalHardState(1, 0, 99), replay.HardState);
        AssertSound(fs);
    }

    [Fact]
    public void A_batch_larger_than_a_segment_is_written_whole_into_a_fresh_segment()
    {
        using var fs = NewFs();
        var random = new Random(6);
        var small = Entries(1, 2, 1, random);
        var big = Entries(3, 20, 1, random, 1000);
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small()))
        {
            wal.Save(null, small);
            wal.Save(null, big);
            wal.Save(null, Entries(23, 1, 1, random));
        }

        using var replay = WriteAheadLog.ReadAll(fs, Dir, 0, 0);
        Assert.Equal(23, replay.Entries.Count);
        AssertEntries([.. small, .. big], replay.Entries.Take(22).ToList());
        AssertSound(fs);
    }

    [Fact]
    public void Entry_source_writes_payloads_straight_into_the_wal_buffer()
    {
        using var fs = NewFs();
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small()))
        {
            wal.Save(new WalHardState(5, 1, 0), new CountingSource(first: 1, count: 3));
        }

        using var replay = WriteAheadLog.ReadAll(fs, Dir, 0, 0);
        Assert.Equal(new ulong[] { 1, 2, 3 }, replay.Entries.Select(e => e.Index));
        Assert.Equal(Enumerable.Repeat((byte)2, 11).ToArray(), replay.Entries[1].Payload.ToArray());
        AssertSound(fs);
    }

    [Fact]
    public void Real_files_replay_through_mmap_and_background_preallocation()
    {
        using var dir = new TempDir("wal");
        var fs = PosixFileSystem.Instance;
        var options = new WalOptions { SegmentBytes = 8192, PreallocateInBackground = true };
        var random = new Random(7);
        var all = new List<WalEntry>();
        using (var wal = WriteAheadLog.Create(fs, dir.Path, Meta, options))
        {
            for (ulong i = 1; i <= 200; i += 4)
            {
                var batch = Entries(i, 4, 3, random, 120);
                all.AddRange(batch);
                wal.Save(new WalHardState(3, 1, i), batch);
            }
        }

        using (var wal = WriteAheadLog.Open(fs, dir.Path, 0, 0, out var replay, options))
        using (replay)
        {
            AssertEntries(all, replay.Entries);
            Assert.True(fs.ListFiles(dir.Path).Count(n => n.EndsWith(".wal", StringComparison.Ordinal)) > 5);
        }

        Assert.Empty(WalInspector.Check(fs, dir.Path));
    }

    /// <summary>Entry i has a payload of i + 10 bytes, each equal to its index.</summary>
    private readonly struct CountingSource(ulong first, int count) : IWalEntrySource
    {
        public int Count => count;

        public ulong IndexAt(int i) => first + (ulong)i;

        public ulong TermAt(int i) => 1;

        public int PayloadLengthAt(int i) => i + 10;

        public void WritePayload(int i, Span<byte> destination) => destination.Fill((byte)(first + (ulong)i));
    }
}
