using Engine.Common.Errors;

namespace Engine.Raft;

/// <summary>
/// The tail of the log not yet persisted by the application (etcd's unstable): entries from
/// <see cref="Offset"/> on, and possibly an incoming snapshot that precedes them.
/// </summary>
internal sealed class UnstableLog
{
    public List<Entry> Entries { get; private set; } = [];

    public Snapshot? Snapshot { get; private set; }

    public ulong Offset { get; private set; }

    public UnstableLog(ulong offset) => Offset = offset;

    public bool TryFirstIndex(out ulong index)
    {
        index = Snapshot is null ? 0 : Snapshot.Metadata.Index + 1;
        return Snapshot is not null;
    }

    public bool TryLastIndex(out ulong index)
    {
        if (Entries.Count > 0)
        {
            index = Offset + (ulong)Entries.Count - 1;
            return true;
        }

        index = Snapshot?.Metadata.Index ?? 0;
        return Snapshot is not null;
    }

    public bool TryTerm(ulong index, out ulong term)
    {
        term = 0;
        if (index < Offset)
        {
            if (Snapshot is not null && Snapshot.Metadata.Index == index)
            {
                term = Snapshot.Metadata.Term;
                return true;
            }

            return false;
        }

        if (!TryLastIndex(out ulong last) || index > last) return false;
        term = Entries[(int)(index - Offset)].Term;
        return true;
    }

    /// <summary>The application persisted entries up to (index, term): drop them from the unstable tail.</summary>
    public void StableTo(ulong index, ulong term)
    {
        if (!TryTerm(index, out ulong found)) return;
        // Only drop when the entry is still the one persisted (it may have been replaced since the Ready).
        if (found == term && index >= Offset)
        {
            int count = (int)(index + 1 - Offset);
            Entries.RemoveRange(0, count);
            Offset = index + 1;
        }
    }

    public void StableSnapshotTo(ulong index)
    {
        if (Snapshot is not null && Snapshot.Metadata.Index == index) Snapshot = null;
    }

    public void Restore(Snapshot snapshot)
    {
        Offset = snapshot.Metadata.Index + 1;
        Entries = [];
        Snapshot = snapshot;
    }

    public void TruncateAndAppend(ReadOnlySpan<Entry> entries)
    {
        ulong after = entries[0].Index;
        if (after == Offset + (ulong)Entries.Count)
        {
            // Directly after the tail.
        }
        else if (after <= Offset)
        {
            // Replaces the whole unstable tail.
            Offset = after;
            Entries.Clear();
        }
        else
        {
            // Truncate to after-1, then append.
            CheckBounds(Offset, after);
            Entries.RemoveRange((int)(after - Offset), Entries.Count - (int)(after - Offset));
        }

        foreach (Entry e in entries) Entries.Add(e);
    }

    public void CopySlice(ulong lo, ulong hi, List<Entry> destination)
    {
        CheckBounds(lo, hi);
        for (ulong i = lo; i < hi; i++) destination.Add(Entries[(int)(i - Offset)]);
    }

    private void CheckBounds(ulong lo, ulong hi)
    {
        ulong upper = Offset + (ulong)Entries.Count;
        InvariantViolationException.Check(lo <= hi && lo >= Offset && hi <= upper,
            $"unstable slice [{lo},{hi}) out of bound [{Offset},{upper}]");
    }
}
