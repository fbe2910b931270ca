using System.Buffers.Binary;
using System.Globalization;
using Engine.Common.IO;

namespace Engine.Wal;

/// <summary>
/// Offline inspection of a WAL directory: a readable listing of every record (<c>engine tool dump-wal</c>)
/// and a structural check used by tests and tools. Read-only: never repairs anything.
/// </summary>
public static class WalInspector
{
    private const int PreviewBytes = 16;

    /// <summary>
    /// Writes one line per segment and per record (offset, type, decoded fields, payload preview) and a
    /// closing line per segment saying how it ended. Returns the problems found (empty when the log is sound).
    /// </summary>
    public static IReadOnlyList<string> Dump(IFileSystem fs, string directory, TextWriter output, WalOptions? options = null)
    {
        var problems = new List<string>();
        List<SegmentName> segments;
        try
        {
            segments = SegmentDirectory.List(fs, directory, out var stale);
            foreach (var segment in stale)
            {
                output.WriteLine($"segment {segment.FileName} stale (before a gap in the sequence: left by an interrupted release; never read)");
            }
        }
        catch (WalCorruptException e)
        {
            output.WriteLine(e.Message);
            problems.Add(e.Message);
            return problems;
        }

        int maxRecord = (options ?? new WalOptions()).MaxRecordBytes;
        ulong? previousChecksum = null;
        for (int i = 0; i < segments.Count; i++)
        {
            string path = SegmentDirectory.PathOf(directory, segments[i].FileName);
            DumpSegment(fs, path, segments[i], i == segments.Count - 1, maxRecord, output, problems, ref previousChecksum);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{segments.Count} segment(s), {problems.Count} problem(s)"));
        return problems;
    }

    /// <summary>The problems <see cref="Dump"/> would report, without the listing.</summary>
    public static IReadOnlyList<string> Check(IFileSystem fs, string directory, WalOptions? options = null) =>
        Dump(fs, directory, TextWriter.Null, options);

    private static unsafe void DumpSegment(IFileSystem fs, string path, SegmentName name, bool isLast, int maxRecord,
        TextWriter output, List<string> problems, ref ulong? previousChecksum)
    {
        using var file = fs.Open(path, create: false);
        long length = file.Length;
        using var mapping = file.Map(Math.Max(length, 1));
        var data = new ReadOnlySpan<byte>(mapping.Pointer, checked((int)length));
        var scan = SegmentScanner.Scan(data, path, isLast, maxRecord);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"segment {name.FileName} seq={name.Sequence} first-index={name.FirstIndex} bytes={length}"));
        if (previousChecksum is ulong expected && scan.Records.Count > 0 && scan.CarriedChecksum != expected)
        {
            problems.Add($"wal: corrupt segment {path} at offset 0: checksum chain broken");
        }

        foreach (var record in scan.Records)
        {
            output.WriteLine(Describe(record, data.Slice(record.PayloadOffset, record.PayloadLength)));
        }

        switch (scan.End)
        {
            case ScanEnd.Clean:
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  end at offset {scan.ValidEnd}"));
                break;
            case ScanEnd.TornTail:
                output.WriteLine($"  torn tail (unsynced, dropped on open): {scan.Error}");
                break;
            default:
                output.WriteLine("  " + scan.Error);
                problems.Add(scan.Error!);
                break;
        }

        previousChecksum = scan.LastChecksum;
    }

    private static string Describe(RecordLocation record, ReadOnlySpan<byte> payload)
    {
        string at = string.Create(CultureInfo.InvariantCulture, $"  @{record.FrameOffset,-10} ");
        return record.Type switch
        {
            WalRecordType.Checksum => at + $"checksum  carried=0x{U64(payload, 0):x16}",
            WalRecordType.Metadata => at + string.Create(CultureInfo.InvariantCulture, $"metadata  member={U64(payload, 0):x16} cluster={U64(payload, 8):x16}"),
            WalRecordType.HardState => at + string.Create(CultureInfo.InvariantCulture, $"hardstate term={U64(payload, 0)} vote={U64(payload, 8)} commit={U64(payload, 16)}"),
            WalRecordType.Entry => at + string.Create(CultureInfo.InvariantCulture, $"entry     index={U64(payload, 0)} term={U64(payload, 8)} {Preview(payload, 16)}"),
            WalRecordType.SnapshotMarker => at + string.Create(CultureInfo.InvariantCulture, $"snapshot  index={U64(payload, 0)} term={U64(payload, 8)} confstate {Preview(payload, 16)}"),
            _ => at + $"type {(byte)record.Type} ({payload.Length} bytes)",
        };
    }

    private static ulong U64(ReadOnlySpan<byte> payload, int offset) =>
        payload.Length >= offset + 8 ? BinaryPrimitives.ReadUInt64LittleEndian(payload[offset..]) : 0;

    private static string Preview(ReadOnlySpan<byte> payload, int from)
    {
        var data = payload.Length > from ? payload[from..] : [];
        string hex = Convert.ToHexStringLower(data[..Math.Min(PreviewBytes, data.Length)]);
        return string.Create(CultureInfo.InvariantCulture, $"bytes={data.Length} data={hex}{(data.Length > PreviewBytes ? "..." : "")}");
    }
}
