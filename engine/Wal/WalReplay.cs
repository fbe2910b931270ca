using System.Buffers.Binary;
using Engine.Common.IO;

namespace Engine.Wal;

/// <summary>
/// What replay found from a snapshot marker on: the metadata, the last hard state, every snapshot
/// marker read and the entries after the marker with overwrites resolved.
/// <para><b>Lifetime:</b> entry payloads and marker conf states are slices of read-only memory maps of
/// the segment files, not copies. They stay valid until this object is disposed; copy what must outlive
/// it. Disposing while a slice is still in use is a use-after-unmap.</para>
/// </summary>
public sealed class WalReplay : IDisposable
{
    private readonly List<(IStorageFile File, IFileMapping Mapping)> _maps = [];
    private readonly List<WalEntry> _entries = [];
    private readonly List<WalSnapshotMarker> _markers = [];

    internal WalReplay()
    {
    }

    public WalMetadata Metadata { get; private set; }

    /// <summary>The last hard state saved, or null when none was ever saved.</summary>
    public WalHardState? HardState { get; private set; }

    /// <summary>Every snapshot marker read, in log order.</summary>
    public IReadOnlyList<WalSnapshotMarker> SnapshotMarkers => _markers;

    /// <summary>The entries after the snapshot index, contiguous, overwrites resolved.</summary>
    public IReadOnlyList<WalEntry> Entries => _entries;

    /// <summary>True when the last segment ended in a torn (never acknowledged) batch that was dropped.</summary>
    public bool TornTailDropped { get; private set; }

    internal List<SegmentName> Segments { get; } = [];

    internal long TailEnd { get; private set; }

    internal ulong TailChecksum { get; private set; }

    /// <summary>Index of the last entry record read (after overwrites); null when the replayed segments hold none.</summary>
    internal ulong? LastEntryIndex { get; private set; }

    internal ulong SnapshotIndex { get; private set; }

    public void Dispose()
    {
        foreach (var (file, mapping) in _maps)
        {
            mapping.Dispose();
            file.Dispose();
        }

        _maps.Clear();
    }

    /// <summary>Reads segments from the one holding <paramref name="snapshotIndex"/> to the last.</summary>
    internal static unsafe WalReplay Read(IFileSystem fs, string directory, ulong snapshotIndex, ulong snapshotTerm, int maxRecordBytes)
    {
        var all = SegmentDirectory.List(fs, directory);
        int first = SegmentDirectory.SearchIndex(all, snapshotIndex);
        if (first < 0)
        {
            throw new WalSnapshotNotFoundException($"wal: no segment in {directory} can hold snapshot index {snapshotIndex}");
        }

        var replay = new WalReplay { SnapshotIndex = snapshotIndex };
        try
        {
            bool found = snapshotIndex == 0;
            ulong previousChecksum = 0;
            for (int i = first; i < all.Count; i++)
            {
                string path = SegmentDirectory.PathOf(directory, all[i].FileName);
                var file = fs.Open(path, create: false);
                long length = file.Length;
                var mapping = file.Map(Math.Max(length, 1));
                replay._maps.Add((file, mapping));
                var span = new ReadOnlySpan<byte>(mapping.Pointer, checked((int)length));
                bool isLast = i == all.Count - 1;
                var scan = SegmentScanner.Scan(span, path, isLast, maxRecordBytes);
                if (scan.End == ScanEnd.Corrupt)
                {
                    throw new WalCorruptException(scan.Error!);
                }

                if (scan.Records.Count == 0)
                {
                    throw new WalCorruptException($"wal: corrupt segment {path} at offset 0: no header batch");
                }

                if (i > first && scan.CarriedChecksum != previousChecksum)
                {
                    throw new WalCorruptException($"wal: corrupt segment {path} at offset 0: checksum chain broken (carries 0x{scan.CarriedChecksum:x16}, previous segment ends with 0x{previousChecksum:x16})");
                }

                previousChecksum = scan.LastChecksum;
                var memory = new MappedMemory(mapping.Pointer, checked((int)length)).Memory;
                found |= replay.Apply(scan, memory, path, snapshotIndex, snapshotTerm);
                replay.Segments.Add(all[i]);
                replay.TailEnd = scan.ValidEnd;
                replay.TailChecksum = scan.LastChecksum;
                replay.TornTailDropped = scan.End == ScanEnd.TornTail;
            }

            if (!found)
            {
                throw new WalSnapshotNotFoundException($"wal: snapshot marker (index {snapshotIndex}, term {snapshotTerm}) not found in {directory}");
            }

            return replay;
        }
        catch
        {
            replay.Dispose();
            throw;
        }
    }

    private bool Apply(SegmentScan scan, ReadOnlyMemory<byte> segment, string path, ulong snapshotIndex, ulong snapshotTerm)
    {
        bool found = false;
        foreach (var record in scan.Records)
        {
            var payload = segment.Slice(record.PayloadOffset, record.PayloadLength);
            var bytes = payload.Span;
            switch (record.Type)
            {
                case WalRecordType.Metadata:
                    var metadata = new WalMetadata(ReadU64(bytes, 0, record, path), ReadU64(bytes, 8, record, path));
                    if (Segments.Count > 0 && metadata != Metadata)
                    {
                        throw new WalCorruptException($"wal: corrupt record in {path} at offset {record.FrameOffset}: metadata {metadata} differs from {Metadata}");
                    }

                    Metadata = metadata;
                    break;
                case WalRecordType.HardState:
                    HardState = new WalHardState(ReadU64(bytes, 0, record, path), ReadU64(bytes, 8, record, path), ReadU64(bytes, 16, record, path));
                    break;
                case WalRecordType.Entry:
                    AddEntry(new WalEntry(ReadU64(bytes, 0, record, path), ReadU64(bytes, 8, record, path), payload[16..]), snapshotIndex, record, path);
                    break;
                case WalRecordType.SnapshotMarker:
                    var marker = new WalSnapshotMarker(ReadU64(bytes, 0, record, path), ReadU64(bytes, 8, record, path), payload[16..]);
                    _markers.Add(marker);
                    found |= marker.Index == snapshotIndex && marker.Term == snapshotTerm;
                    break;
            }
        }

        return found;
    }

    private void AddEntry(WalEntry entry, ulong snapshotIndex, RecordLocation record, string path)
    {
        LastEntryIndex = entry.Index;
        if (entry.Index <= snapshotIndex)
        {
            // It replaces every entry at or after its index, so everything collected after the snapshot too.
            _entries.Clear();
            return;
        }

        ulong position = entry.Index - snapshotIndex - 1;
        if (position > (ulong)_entries.Count)
        {
            throw new WalCorruptException($"wal: corrupt record in {path} at offset {record.FrameOffset}: entry index {entry.Index} leaves a gap after {snapshotIndex + (ulong)_entries.Count}");
        }

        _entries.RemoveRange((int)position, _entries.Count - (int)position);
        _entries.Add(entry);
    }

    private static ulong ReadU64(ReadOnlySpan<byte> payload, int offset, RecordLocation record, string path)
    {
        if (payload.Length < offset + 8)
        {
            throw new WalCorruptException($"wal: corrupt record in {path} at offset {record.FrameOffset}: {record.Type} payload of {payload.Length} bytes is too short");
        }

        return BinaryPrimitives.ReadUInt64LittleEndian(payload[offset..]);
    }
}
