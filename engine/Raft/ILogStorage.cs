namespace Engine.Raft;

/// <summary>
/// The stable part of the raft log (entries already persisted, plus the last snapshot). Raft only reads
/// it; the application writes it when it handles a Ready. Expected failures are reported as
/// <see cref="RaftStorageException"/>; any other exception makes the node inoperable (fail-stop).
/// </summary>
public interface ILogStorage
{
    /// <summary>Entries in [lo, hi), at least one even when it exceeds <paramref name="maxSize"/> bytes. Throws Compacted when lo is at or below the snapshot.</summary>
    Entry[] Entries(ulong lo, ulong hi, ulong maxSize);

    /// <summary>The term of entry <paramref name="index"/>, which may be the snapshot's index. Throws Compacted or Unavailable.</summary>
    ulong Term(ulong index);

    /// <summary>The index of the first entry still available (snapshot index + 1).</summary>
    ulong FirstIndex();

    /// <summary>The index of the last entry (the snapshot's index when there are none).</summary>
    ulong LastIndex();

    /// <summary>The most recent snapshot. May throw SnapshotTemporarilyUnavailable.</summary>
    Snapshot Snapshot();
}
