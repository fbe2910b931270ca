namespace Engine.Wal;

/// <summary>Where one committed record lies in a segment: payload offset and length inside the file.</summary>
internal readonly record struct RecordLocation(WalRecordType Type, long FrameOffset, int PayloadOffset, int PayloadLength);

/// <summary>How a segment scan ended.</summary>
internal enum ScanEnd
{
    /// <summary>A zero word at a batch start, or the end of the data exactly at a batch boundary.</summary>
    Clean,

    /// <summary>An unsynced batch was found torn; the segment is valid up to <see cref="SegmentScan.ValidEnd"/>.</summary>
    TornTail,

    /// <summary>Damage that is not a torn tail; <see cref="SegmentScan.Error"/> says where.</summary>
    Corrupt,
}

/// <summary>The result of reading one segment: its whole batches, where they end, and how the scan stopped.</summary>
internal sealed class SegmentScan
{
    public List<RecordLocation> Records { get; } = [];

    /// <summary>Offset where the next batch would be written (aligned end of the last whole batch).</summary>
    public long ValidEnd { get; set; }

    /// <summary>Checksum of the last committed record (the chain value at <see cref="ValidEnd"/>).</summary>
    public ulong LastChecksum { get; set; }

    /// <summary>The chain value the segment's leading checksum record carries over from the previous segment.</summary>
    public ulong CarriedChecksum { get; set; }

    public ScanEnd End { get; set; }

    /// <summary>For <see cref="ScanEnd.Corrupt"/>: the "wal: corrupt ..." message; for a torn tail: what was torn.</summary>
    public string? Error { get; set; }
}
