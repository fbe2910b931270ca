using Engine.Wal;
using static Engine.Wal.Tests.WalTestData;

namespace Engine.Wal.Tests;

/// <summary>
/// testdata/golden.wal pins the on-disk format (like etcd's wal/testdata): the same calls must write the
/// same bytes, and the stored bytes must decode to the same records. ENGINE_REGENERATE_GOLDEN=1 rewrites it
/// (only for a deliberate, documented format change).
/// </summary>
public sealed class GoldenSegmentTests
{
    private const string SegmentName = "0000000000000000-0000000000000000.wal";

    private static string GoldenPath => Path.Combine(AppContext.BaseDirectory, "testdata", "golden.wal");

    [Fact]
    public void Writing_the_golden_sequence_produces_the_golden_bytes()
    {
        byte[] written = WriteGolden();
        if (Environment.GetEnvironmentVariable("ENGINE_REGENERATE_GOLDEN") == "1")
        {
            string source = Path.Combine(AppContext.BaseDirectory, "../../../testdata/golden.wal");
            File.WriteAllBytes(source, written);
        }

        Assert.Equal(File.ReadAllBytes(GoldenPath), written);
    }

    [Fact]
    public void The_golden_segment_decodes_to_the_golden_records()
    {
        using var fs = NewFs();
        using (var file = fs.Open($"{Dir}/{SegmentName}", create: true))
        {
            file.Write(0, File.ReadAllBytes(GoldenPath));
            file.Sync();
        }

        fs.SyncDirectory(Dir);
        using var replay = WriteAheadLog.ReadAll(fs, Dir, 0, 0);
        Assert.Equal(new WalMetadata(0x0102030405060708, 0x1112131415161718), replay.Metadata);
        Assert.Equal(new WalHardState(3, 2, 2), replay.HardState);
        Assert.Equal([1UL, 2UL, 3UL], replay.Entries.Select(e => e.Index));
        Assert.Equal([1UL, 1UL, 3UL], replay.Entries.Select(e => e.Term));
        Assert.Equal("first", System.Text.Encoding.ASCII.GetString(replay.Entries[0].Payload.Span));
        Assert.Equal("third, rewritten", System.Text.Encoding.ASCII.GetString(replay.Entries[2].Payload.Span));
        var marker = Assert.Single(replay.SnapshotMarkers);
        Assert.Equal((2UL, 1UL, "conf"), (marker.Index, marker.Term, System.Text.Encoding.ASCII.GetString(marker.ConfState.Span)));
        AssertSound(fs);
    }

    private static byte[] WriteGolden()
    {
        using var fs = NewFs();
        using (var wal = WriteAheadLog.Create(fs, Dir, new WalMetadata(0x0102030405060708, 0x1112131415161718), Small()))
        {
            wal.Save(new WalHardState(1, 1, 0), [Text(1, 1, "first"), Text(2, 1, "second"), Text(3, 1, "third")]);
            wal.SaveSnapshotMarker(2, 1, "conf"u8);
            wal.Save(null, [Text(3, 3, "third, rewritten")]);
            wal.Save(new WalHardState(3, 2, 2), []);
        }

        AssertSound(fs);
        return fs.ReadAllBytes($"{Dir}/{SegmentName}");
    }

    private static WalEntry Text(ulong index, ulong term, string text) => new(index, term, System.Text.Encoding.ASCII.GetBytes(text));
}
