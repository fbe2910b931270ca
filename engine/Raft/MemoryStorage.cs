namespace Engine.Raft;

/// <summary>
/// An in-memory raft storage (etcd's MemoryStorage): a snapshot plus the entries after it. Tests use it
/// as the whole storage; the server uses it as the in-memory tail in front of its WAL. Thread-safe.
/// </summary>
public sealed class MemoryStorage : ILogStorage, IStateStorage
{
    private readonly object _gate = new();
    private HardState _hardState;
    private Snapshot _snapshot = Engine.Raft.Snapshot.Empty;

    // entries[0] is a dummy carrying the snapshot's index and term.
    private List<Entry> _entries = [new Entry(0, 0)];

    public (HardState HardState, ConfState ConfState) InitialState()
    {
        lock (_gate) return (_hardState, _snapshot.Metadata.ConfState);
    }

    public void SetHardState(HardState state)
    {
        lock (_gate) _hardState = state;
    }

    public Entry[] Entries(ulong lo, ulong hi, ulong maxSize)
    {
        lock (_gate)
        {
            ulong offset = _entries[0].Index;
            if (lo <= offset) throw new RaftStorageException(StorageError.Compacted);
            if (hi > LastIndexLocked() + 1) throw new ArgumentOutOfRangeException(nameof(hi), $"entries hi {hi} beyond last {LastIndexLocked()}");
            if (_entries.Count == 1) throw new RaftStorageException(StorageError.Unavailable);
            int start = (int)(lo - offset);
            int count = LimitCount(_entries, start, (int)(hi - lo), maxSize);
            var result = new Entry[count];
            _entries.CopyTo(start, result, 0, count);
            return result;
        }
    }

    public ulong Term(ulong index)
    {
        lock (_gate)
        {
            ulong offset = _entries[0].Index;
            if (index < offset) throw new RaftStorageException(StorageError.Compacted);
            if (index - offset >= (ulong)_entries.Count) throw new RaftStorageException(StorageError.Unavailable);
            return _entries[(int)(index - offset)].Term;
        }
    }

    public ulong FirstIndex()
    {
        lock (_gate) return _entries[0].Index + 1;
    }

    public ulong LastIndex()
    {
        lock (_gate) return LastIndexLocked();
    }

    public Snapshot Snapshot()
    {
        lock (_gate) return _snapshot;
    }

    /// <summary>Replaces the whole content with <paramref name="snap"/> (a follower installing a leader's snapshot).</summary>
    public void ApplySnapshot(Snapshot snap)
    {
        lock (_gate)
        {
            if (snap.Metadata.Index <= _snapshot.Metadata.Index) throw new RaftStorageException(StorageError.SnapshotOutOfDate);
            _snapshot = snap;
            _entries = [new Entry(snap.Metadata.Term, snap.Metadata.Index)];
        }
    }

    /// <summary>Records a snapshot of the state machine at applied index <paramref name="index"/>; call <see cref="Compact"/> afterwards to drop entries.</summary>
    public Snapshot CreateSnapshot(ulong index, ConfState? confState, ReadOnlyMemory<byte> data)
    {
        lock (_gate)
        {
            if (index <= _snapshot.Metadata.Index) throw new RaftStorageException(StorageError.SnapshotOutOfDate);
            ulong offset = _entries[0].Index;
            if (index > LastIndexLocked()) throw new ArgumentOutOfRangeException(nameof(index), $"snapshot {index} beyond last {LastIndexLocked()}");
            ulong term = _entries[(int)(index - offset)].Term;
            _snapshot = new Snapshot(new SnapshotMetadata(index, term, confState ?? _snapshot.Metadata.ConfState), data);
            return _snapshot;
        }
    }

    /// <summary>Discards entries up to and including <paramref name="compactIndex"/> (which must have been applied and snapshotted or be safe to lose).</summary>
    public void Compact(ulong compactIndex)
    {
        lock (_gate)
        {
            ulong offset = _entries[0].Index;
            if (compactIndex <= offset) throw new RaftStorageException(StorageError.Compacted);
            if (compactIndex > LastIndexLocked()) throw new ArgumentOutOfRangeException(nameof(compactIndex), $"compact {compactIndex} beyond last {LastIndexLocked()}");
            int i = (int)(compactIndex - offset);
            var kept = new List<Entry>(_entries.Count - i) { new Entry(_entries[i].Term, _entries[i].Index) };
            for (int k = i + 1; k < _entries.Count; k++) kept.Add(_entries[k]);
            _entries = kept;
        }
    }

    /// <summary>Appends entries, truncating any conflicting suffix. Entries must be contiguous with the log.</summary>
    public void Append(IReadOnlyList<Entry> newEntries)
    {
        if (newEntries.Count == 0) return;
        lock (_gate)
        {
            ulong first = _entries[0].Index + 1;
            ulong newFirst = newEntries[0].Index;
            ulong last = newFirst + (ulong)newEntries.Count - 1;
            if (last < first) return; // all already compacted
            int skip = first > newFirst ? (int)(first - newFirst) : 0;
            ulong offset = newEntries[skip].Index - _entries[0].Index;
            if ((ulong)_entries.Count < offset)
            {
                throw new InvalidOperationException($"missing log entry: last {LastIndexLocked()}, appending at {newEntries[skip].Index}");
            }

            _entries.RemoveRange((int)offset, _entries.Count - (int)offset);
            for (int k = skip; k < newEntries.Count; k++) _entries.Add(newEntries[k]);
        }
    }

    private ulong LastIndexLocked() => _entries[0].Index + (ulong)_entries.Count - 1;

    /// <summary>How many entries from <paramref name="start"/> fit in <paramref name="maxSize"/> bytes (at least one).</summary>
    internal static int LimitCount(IReadOnlyList<Entry> source, int start, int count, ulong maxSize)
    {
        if (count == 0) return 0;
        ulong size = (ulong)source[start].Size;
        int n = 1;
        while (n < count)
        {
            size += (ulong)source[start + n].Size;
            if (size > maxSize) break;
            n++;
        }

        return n;
    }
}
