namespace Engine.Wal;

/// <summary>The record types of the WAL format (see FORMAT.md). The numbers are frozen.</summary>
public enum WalRecordType : byte
{
    /// <summary>The checksum chain value carried over from the previous segment.</summary>
    Checksum = 1,

    /// <summary>Member id and cluster id.</summary>
    Metadata = 2,

    /// <summary>Raft hard state: term, vote, commit.</summary>
    HardState = 3,

    /// <summary>A log entry: index, term, opaque payload.</summary>
    Entry = 4,

    /// <summary>A snapshot marker: index, term, opaque conf state.</summary>
    SnapshotMarker = 5,
}
