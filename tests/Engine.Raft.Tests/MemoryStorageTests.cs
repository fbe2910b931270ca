using Engine.Raft;

namespace Engine.Raft.Tests;

/// <summary>MemoryStorage behaves as etcd's (storage_test.go): compaction, snapshots, append with truncation.</summary>
public class MemoryStorageTests
{
    private static MemoryStorage WithEntries(params (ulong Index, ulong Term)[] entries)
    {
        var s = new MemoryStorage();
        s.ApplySnapshot(new Snapshot(new SnapshotMetadata(entries[0].Index, entries[0].Term, new ConfState([1])), ReadOnlyMemory<byte>.Empty));
        s.Append(entries.Skip(1).Select(e => new Entry(e.Term, e.Index)).ToArray());
        return s;
    }

    [Fact]
    public void Term_reports_compacted_below_the_snapshot_and_unavailable_past_the_end()
    {
        MemoryStorage s = WithEntries((3, 3), (4, 4), (5, 5));
        Assert.Equal(StorageError.Compacted, Assert.Throws<RaftStorageException>(() => s.Term(2)).Error);
        Assert.Equal(3UL, s.Term(3));
        Assert.Equal(5UL, s.Term(5));
        Assert.Equal(StorageError.Unavailable, Assert.Throws<RaftStorageException>(() => s.Term(6)).Error);
        Assert.Equal((4UL, 5UL), (s.FirstIndex(), s.LastIndex()));
    }

    [Fact]
    public void Entries_are_limited_by_size_but_always_at_least_one()
    {
        MemoryStorage s = WithEntries((3, 3), (4, 4), (5, 5), (6, 6));
        Assert.Equal(StorageError.Compacted, Assert.Throws<RaftStorageException>(() => s.Entries(3, 5, ulong.MaxValue)).Error);
        Assert.Equal(2, s.Entries(4, 6, ulong.MaxValue).Length);
        Assert.Single(s.Entries(4, 7, 0));
        Assert.Equal(2, s.Entries(4, 7, (ulong)(new Entry(4, 4).Size * 2)).Length);
    }

    [Fact]
    public void Compact_keeps_the_compacted_entry_as_the_dummy()
    {
        MemoryStorage s = WithEntries((3, 3), (4, 4), (5, 5));
        s.Compact(4);
        Assert.Equal((5UL, 5UL), (s.FirstIndex(), s.LastIndex()));
        Assert.Equal(4UL, s.Term(4));
        Assert.Equal(StorageError.Compacted, Assert.Throws<RaftStorageException>(() => s.Compact(4)).Error);
    }

    [Fact]
    public void Append_truncates_a_conflicting_suffix_and_ignores_compacted_prefix()
    {
        MemoryStorage s = WithEntries((3, 3), (4, 4), (5, 5));
        s.Append([new Entry(3, 3), new Entry(6, 4), new Entry(6, 5), new Entry(6, 6)]);
        Assert.Equal(new ulong[] { 6, 6, 6 }, s.Entries(4, 7, ulong.MaxValue).Select(e => e.Term));
        s.Append([new Entry(7, 5)]);
        Assert.Equal(5UL, s.LastIndex());
        Assert.Throws<InvalidOperationException>(() => s.Append([new Entry(7, 9)]));
    }

    [Fact]
    public void CreateSnapshot_then_ApplySnapshot_refuses_older_snapshots()
    {
        MemoryStorage s = WithEntries((3, 3), (4, 4), (5, 5));
        Snapshot snap = s.CreateSnapshot(4, new ConfState([1, 2]), new byte[] { 9 });
        Assert.Equal((4UL, 4UL), (snap.Metadata.Index, snap.Metadata.Term));
        Assert.Equal(StorageError.SnapshotOutOfDate, Assert.Throws<RaftStorageException>(() => s.CreateSnapshot(3, null, default)).Error);
        Assert.Equal(StorageError.SnapshotOutOfDate, Assert.Throws<RaftStorageException>(() => s.ApplySnapshot(snap)).Error);
        var fresh = new MemoryStorage();
        fresh.ApplySnapshot(snap);
        Assert.Equal((5UL, 4UL), (fresh.FirstIndex(), fresh.LastIndex()));
        Assert.Equal(new ConfState([1, 2]), fresh.InitialState().ConfState);
    }
}
