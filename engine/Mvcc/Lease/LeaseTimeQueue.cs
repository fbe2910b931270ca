namespace Engine.Mvcc.Lease;

/// <summary>
/// A min-queue of (lease id, instant) with register-or-update semantics (etcd's LeaseExpiredNotifier and
/// checkpoint heap): re-registering an id supersedes its earlier entry, which is skipped lazily when it surfaces.
/// Rebuilt when superseded entries outnumber live ones, so memory stays proportional to the lease count.
/// </summary>
internal sealed class LeaseTimeQueue
{
    private readonly PriorityQueue<(long Id, long Sequence), (long Time, long Sequence)> queue = new();
    private readonly Dictionary<long, (long Time, long Sequence)> live = new();
    private long nextSequence;

    public int Count => live.Count;

    public void RegisterOrUpdate(long id, long time)
    {
        long sequence = ++nextSequence;
        live[id] = (time, sequence);
        queue.Enqueue((id, sequence), (time, sequence));
        if (queue.Count > 2 * live.Count + 1024)
        {
            Rebuild();
        }
    }

    public void Remove(long id) => live.Remove(id);

    /// <summary>The instant the id is queued at, if it is queued.</summary>
    public bool TryGetTime(long id, out long time)
    {
        bool found = live.TryGetValue(id, out var entry);
        time = entry.Time;
        return found;
    }

    public void Clear()
    {
        live.Clear();
        queue.Clear();
    }

    /// <summary>The earliest live entry, if any.</summary>
    public bool TryPeek(out long id, out long time)
    {
        while (queue.TryPeek(out var entry, out var priority))
        {
            if (live.TryGetValue(entry.Id, out var current) && current.Sequence == entry.Sequence)
            {
                id = entry.Id;
                time = priority.Time;
                return true;
            }

            queue.Dequeue();
        }

        id = 0;
        time = 0;
        return false;
    }

    /// <summary>Removes the earliest live entry (call after <see cref="TryPeek"/>).</summary>
    public void Pop()
    {
        if (TryPeek(out long id, out _))
        {
            queue.Dequeue();
            live.Remove(id);
        }
    }

    private void Rebuild()
    {
        queue.Clear();
        foreach (var (id, entry) in live)
        {
            queue.Enqueue((id, entry.Sequence), entry);
        }
    }
}
