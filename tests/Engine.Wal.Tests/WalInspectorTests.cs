using Engine.Wal;
using static Engine.Wal.Tests.WalTestData;

namespace Engine.Wal.Tests;

/// <summary>The dump behind <c>engine tool dump-wal</c> lists every record readably and reports damage.</summary>
public sealed class WalInspectorTests
{
    [Fact]
    public void Dump_lists_every_record_of_every_segment_with_its_fields()
    {
        using var fs = NewFs();
        using (var wal = WriteAheadLog.Create(fs, Dir, new WalMetadata(0xabc, 0xdef), Small()))
        {
            wal.Save(new WalHardState(4, 2, 1), [new WalEntry(1, 4, "hello"u8.ToArray()), new WalEntry(2, 4, new byte[40])]);
            wal.SaveSnapshotMarker(1, 4, [0xca, 0xfe]);
        }

        var output = new StringWriter();
        var problems = WalInspector.Dump(fs, Dir, output);
        string text = output.ToString();
        Assert.Empty(problems);
        Assert.Contains("segment 0000000000000000-0000000000000000.wal seq=0 first-index=0", text);
        Assert.Contains("checksum  carried=0x0000000000000000", text);
        Assert.Contains("metadata  member=0000000000000abc cluster=0000000000000def", text);
        Assert.Contains("entry     index=1 term=4 bytes=5 data=68656c6c6f", text);
        Assert.Contains("entry     index=2 term=4 bytes=40 data=00000000000000000000000000000000...", text);
        Assert.Contains("hardstate term=4 vote=2 commit=1", text);
        Assert.Contains("snapshot  index=1 term=4 confstate bytes=2 data=cafe", text);
        Assert.Contains("1 segment(s), 0 problem(s)", text);
        Assert.Equal(6, text.Split('\n').Count(l => l.TrimStart().StartsWith('@')));
    }

    [Fact]
    public void Dump_reports_a_corrupt_record_with_file_and_offset()
    {
        using var fs = NewFs();
        using (var wal = WriteAheadLog.Create(fs, Dir, Meta, Small()))
        {
            wal.Save(null, Entries(1, 3, 1, new Random(41)));
            wal.Save(null, Entries(4, 3, 1, new Random(42)));
        }

        string path = SegmentPath(fs, 0);
        fs.Corrupt(path, 520, [0xff]);
        var output = new StringWriter();
        var problems = WalInspector.Dump(fs, Dir, output);
        var problem = Assert.Single(problems);
        Assert.StartsWith($"wal: corrupt record in {path} at offset 512", problem);
        Assert.Contains(problem, output.ToString());
    }
}
