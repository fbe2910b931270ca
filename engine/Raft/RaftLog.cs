using Engine.Common.Errors;

namespace Engine.Raft;

/// <summary>
/// The raft log as raft sees it: the stable entries in <see cref="ILogStorage"/> followed by the unstable tail,
/// plus the commit and applied indexes (etcd's raftLog).
/// </summary>
internal sealed class RaftLog
{
    private readonly ILogStorage _storage;

    public RaftLog(ILogStorage storage, ulong maxApplyingSize)
    {
        _storage = storage;
        MaxApplyingSize = maxApplyingSize;
        ulong first = storage.FirstIndex();
        ulong last = storage.LastIndex();
        Unstable = new UnstableLog(last + 1);
        Committed = first - 1;
        Applied = first - 1;
    }

    public UnstableLog Unstable { get; }

    public ulong Committed { get; private set; }

    public ulong Applied { get; private set; }

    public ulong MaxApplyingSize { get; }

    public ulong FirstIndex() => Unstable.TryFirstIndex(out ulong i) ? i : _storage.FirstIndex();

    public ulong LastIndex() => Unstable.TryLastIndex(out ulong i) ? i : _storage.LastIndex();

    public ulong LastTerm()
    {
        ulong last = LastIndex();
        if (!TryTerm(last, out ulong term)) throw new InvariantViolationException($"unexpected error getting the last term at {last}");
        return term;
    }

    /// <summary>The term of entry <paramref name="index"/>; false when compacted or not yet in the log.</summary>
    public bool TryTerm(ulong index, out ulong term)
    {
        term = 0;
        ulong dummy = FirstIndex() - 1;
        if (index < dummy || index > LastIndex()) return false;
        if (Unstable.TryTerm(index, out term)) return true;
        try
        {
            term = _storage.Term(index);
            return true;
        }
        catch (RaftStorageException e) when (e.Error is StorageError.Compacted or StorageError.Unavailable)
        {
            return false;
        }
    }

    public ulong TermOrZero(ulong index) => TryTerm(index, out ulong t) ? t : 0;

    public bool MatchTerm(ulong index, ulong term) => TryTerm(index, out ulong t) && t == term;

    public bool IsUpToDate(ulong lastIndex, ulong term)
    {
        ulong ourTerm = LastTerm();
        return term > ourTerm || (term == ourTerm && lastIndex >= LastIndex());
    }

    /// <summary>The follower side of MsgApp: appends when (index, logTerm) matches; returns the new last index.</summary>
    public bool TryAppend(ulong index, ulong logTerm, ulong committed, Entry[] entries, out ulong lastNewIndex)
    {
        lastNewIndex = 0;
        if (!MatchTerm(index, logTerm)) return false;
        lastNewIndex = index + (ulong)entries.Length;
        ulong conflict = FindConflict(entries);
        if (conflict != 0)
        {
            InvariantViolationException.Check(conflict > Committed,
                $"entry {conflict} conflicts with committed entry (committed {Committed})");
            Append(entries.AsSpan((int)(conflict - (index + 1))));
        }

        CommitTo(Math.Min(committed, lastNewIndex));
        return true;
    }

    public ulong Append(ReadOnlySpan<Entry> entries)
    {
        if (entries.Length == 0) return LastIndex();
        ulong after = entries[0].Index - 1;
        InvariantViolationException.Check(after >= Committed, $"append after {after} is out of range (committed {Committed})");
        Unstable.TruncateAndAppend(entries);
        return LastIndex();
    }

    /// <summary>The first index whose term differs from ours (or that we lack); 0 when all match.</summary>
    public ulong FindConflict(Entry[] entries)
    {
        foreach (Entry e in entries)
        {
            if (!MatchTerm(e.Index, e.Term)) return e.Index;
        }

        return 0;
    }

    /// <summary>The last index at or below <paramref name="index"/> whose term is at most <paramref name="term"/> (fast log backtracking).</summary>
    public (ulong Index, ulong Term) FindConflictByTerm(ulong index, ulong term)
    {
        for (; index > 0; index--)
        {
            if (!TryTerm(index, out ulong ours)) return (index, 0);
            if (ours <= term) return (index, ours);
        }

        return (0, 0);
    }

    public void CommitTo(ulong toCommit)
    {
        if (Committed >= toCommit) return;
        InvariantViolationException.Check(LastIndex() >= toCommit, $"commit {toCommit} is out of range [last {LastIndex()}]");
        Committed = toCommit;
    }

    public bool MaybeCommit(ulong maxIndex, ulong term)
    {
        // Only entries of the current term commit by counting replicas (raft paper §5.4.2).
        if (maxIndex > Committed && TermOrZero(maxIndex) == term)
        {
            CommitTo(maxIndex);
            return true;
        }

        return false;
    }

    public void AppliedTo(ulong index)
    {
        if (index == 0) return;
        InvariantViolationException.Check(Committed >= index && index >= Applied,
            $"applied {index} is out of range [prev applied {Applied}, committed {Committed}]");
        Applied = index;
    }

    public void StableTo(ulong index, ulong term) => Unstable.StableTo(index, term);

    public void StableSnapshotTo(ulong index) => Unstable.StableSnapshotTo(index);

    public Entry[] UnstableEntries() => Unstable.Entries.Count == 0 ? [] : Unstable.Entries.ToArray();

    public bool HasNextEntries() => Committed + 1 > Math.Max(Applied + 1, FirstIndex());

    /// <summary>Committed entries not yet applied, up to <see cref="MaxApplyingSize"/> bytes.</summary>
    public Entry[] NextEntries()
    {
        ulong offset = Math.Max(Applied + 1, FirstIndex());
        if (Committed + 1 <= offset) return [];
        if (!TrySlice(offset, Committed + 1, MaxApplyingSize, out Entry[] entries))
        {
            throw new InvariantViolationException($"unexpected error when getting unapplied entries [{offset},{Committed}]");
        }

        return entries;
    }

    public bool HasPendingSnapshot => Unstable.Snapshot is not null && !Unstable.Snapshot.IsEmpty;

    public Snapshot CurrentSnapshot() => Unstable.Snapshot ?? _storage.Snapshot();

    /// <summary>Entries from <paramref name="index"/> to the end, at most <paramref name="maxSize"/> bytes; false when compacted.</summary>
    public bool TryEntries(ulong index, ulong maxSize, out Entry[] entries)
    {
        ulong last = LastIndex();
        if (index > last)
        {
            entries = [];
            return true;
        }

        return TrySlice(index, last + 1, maxSize, out entries);
    }

    public void Restore(Snapshot snapshot)
    {
        Committed = snapshot.Metadata.Index;
        Unstable.Restore(snapshot);
    }

    /// <summary>Entries in [lo, hi) limited to maxSize bytes (at least one); false when lo is compacted.</summary>
    public bool TrySlice(ulong lo, ulong hi, ulong maxSize, out Entry[] result)
    {
        result = [];
        ulong first = FirstIndex();
        if (lo < first) return false;
        ulong upper = LastIndex() + 1;
        InvariantViolationException.Check(lo <= hi && hi <= upper, $"slice [{lo},{hi}) out of bound [{first},{upper})");
        if (lo == hi) return true;
        ulong offset = Unstable.Offset;
        Entry[] stored = [];
        if (lo < offset)
        {
            try
            {
                stored = _storage.Entries(lo, Math.Min(hi, offset), maxSize);
            }
            catch (RaftStorageException e) when (e.Error == StorageError.Compacted)
            {
                return false;
            }

            // Limited by size, or nothing unstable wanted: the stored part is the answer.
            if ((ulong)stored.Length < Math.Min(hi, offset) - lo || hi <= offset)
            {
                result = stored;
                return true;
            }
        }

        ulong from = Math.Max(lo, offset);
        List<Entry> tail = Unstable.Entries;
        int start = (int)(from - offset);
        ulong size = 0;
        foreach (Entry e in stored) size += (ulong)e.Size;
        int count = 0;
        int wanted = (int)(hi - from);
        while (count < wanted)
        {
            size += (ulong)tail[start + count].Size;
            if (size > maxSize && stored.Length + count > 0) break;
            count++;
        }

        result = new Entry[stored.Length + count];
        stored.CopyTo(result, 0);
        tail.CopyTo(start, result, stored.Length, count);
        return true;
    }
}
