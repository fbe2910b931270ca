using Engine.TestKit.IO;
using Engine.Wal;
using static Engine.Wal.Tests.WalTestData;

namespace Engine.Wal.Tests;

/// <summary>
/// A torn tail (a batch that was being written when the power failed, never fdatasynced, never
/// acknowledged) is cut off on open: cutting the last segment at every byte offset of its last two
/// records recovers exactly the batches fully written before the cut (etcd wal.Repair semantics).
/// </summary>
public sealed class TornTailTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncating_the_tail_at_every_byte_of_the_last_two_records_recovers_the_whole_batches_before_it(bool lastBatchHasTwoRecords)
    {
        using var source = BuildLog(lastBatchHasTwoRecords, out var batches);
        string tail = SegmentPath(source, Segments(source).Count - 1);
        byte[] bytes = source.ReadAllBytes(tail);
        var (from, to) = LastTwoRecords(bytes, tail);
        for (int cut = from; cut <= to; cut++)
        {
            using var fs = CopyWithTail(source, tail, bytes.AsSpan(0, cut));
            VerifyPrefix(fs, batches, cut, $"truncated at {cut}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Zeroing_the_tail_from_every_word_of_the_last_two_records_recovers_the_whole_batches_before_it(bool lastBatchHasTwoRecords)
    {
        using var source = BuildLog(lastBatchHasTwoRecords, out var batches);
        string tail = SegmentPath(source, Segments(source).Count - 1);
        byte[] bytes = source.ReadAllBytes(tail);
        var (from, to) = LastTwoRecords(bytes, tail);
        for (int cut = from; cut <= to; cut += 8)
        {
            byte[] torn = (byte[])bytes.Clone();
            Array.Clear(torn, cut, torn.Length - cut);
            using var fs = CopyWithTail(source, tail, torn);
            VerifyPrefix(fs, batches, cut, $"zeroed from {cut}");
        }
    }

    [Fact]
    public void A_torn_record_in_a_segment_that_is_not_the_last_is_corruption_not_a_tail()
    {
        using var fs = NewFs();
        var random = new Random(9);
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small()))
        {
            for (ulong i = 1; i <= 40; i++)
            {
                wal.Save(null, [Entry(i, 1, random, 200)]);
            }
        }

        string first = SegmentPath(fs, 0);
        byte[] bytes = fs.ReadAllBytes(first);
        var scan = SegmentScanner.Scan(bytes, first, isLastSegment: false, int.MaxValue);
        var last = scan.Records[^1];
        fs.Corrupt(first, last.PayloadOffset, new byte[last.PayloadLength]);
        var e = Assert.Throws<WalCorruptException>(() => WriteAheadLog.ReadAll(fs, Dir, 0, 0));
        Assert.StartsWith("wal: corrupt", e.Message);
        Assert.Contains(first, e.Message);
    }

    private static CrashFileSystem BuildLog(bool lastBatchHasTwoRecords, out List<(int End, WalEntry[] Entries)> batches)
    {
        var fs = NewFs();
        var random = new Random(lastBatchHasTwoRecords ? 11 : 10);
        var all = new List<WalEntry>();
        var snapshots = new List<WalEntry[]>();
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small(1 << 16)))
        {
            for (ulong i = 1; i <= 6; i++)
            {
                var entry = Entry(i, 1, random, i == 6 ? 700 : 30 + (int)i * 13);
                all.Add(entry);
                wal.Save(lastBatchHasTwoRecords && i == 6 ? new WalHardState(2, 1, 5) : null, [entry]);
                snapshots.Add(all.ToArray());
            }
        }

        string tail = SegmentPath(fs, Segments(fs).Count - 1);
        var records = SegmentScanner.Scan(fs.ReadAllBytes(tail), tail, true, int.MaxValue).Records;
        int End(RecordLocation r) => (int)r.FrameOffset + WalFrame.FrameLength(r.PayloadLength);
        var entryEnds = records.Where(r => r.Type == WalRecordType.Entry).Select(End).ToList();
        batches = [(End(records.Single(r => r.Type == WalRecordType.Metadata)), [])];
        for (int b = 0; b < 6; b++)
        {
            batches.Add((b == 5 ? End(records[^1]) : entryEnds[b], snapshots[b]));
        }

        return fs;
    }

    private static (int From, int To) LastTwoRecords(byte[] bytes, string tail)
    {
        var scan = SegmentScanner.Scan(bytes, tail, true, int.MaxValue);
        var last = scan.Records[^1];
        return ((int)scan.Records[^2].FrameOffset, (int)last.FrameOffset + WalFrame.FrameLength(last.PayloadLength));
    }

    private static CrashFileSystem CopyWithTail(CrashFileSystem source, string tail, ReadOnlySpan<byte> tailBytes)
    {
        var fs = NewFs();
        foreach (string name in source.ListFiles(Dir))
        {
            string path = $"{Dir}/{name}";
            using var file = fs.Open(path, create: true);
            file.Write(0, path == tail ? tailBytes : source.ReadAllBytes(path));
            file.Sync();
        }

        fs.SyncDirectory(Dir);
        return fs;
    }

    private static void VerifyPrefix(CrashFileSystem fs, List<(int End, WalEntry[] Entries)> batches, int cut, string what)
    {
        int kept = batches.FindLastIndex(b => b.End <= cut);
        var expected = batches[kept].Entries;
        bool partOfNextBatchPresent = kept < batches.Count - 1 && cut > WalFrame.AlignBatch(batches[kept].End);
        using (var wal = WriteAheadLog.Open(fs, Dir, 0, 0, out var replay, Small(1 << 16)))
        {
            using (replay)
            {
                AssertEntries(expected, replay.Entries);
                Assert.True(replay.TornTailDropped == partOfNextBatchPresent, what);
            }

            wal.Save(null, [new WalEntry((ulong)expected.Length + 1, 9, new byte[] { 1, 2, 3 })]);
        }

        using var after = WriteAheadLog.ReadAll(fs, Dir, 0, 0);
        Assert.Equal(expected.Length + 1, after.Entries.Count);
        Assert.Equal(9UL, after.Entries[^1].Term);
        AssertSound(fs);
    }
}
