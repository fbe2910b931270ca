namespace Engine.Mvcc.Lease;

/// <summary>
/// A min-queue of (lease id, instant) with register-or-update semantics (etcd's LeaseExpiredNotifier and
/// checkpoint heap): re-registering an id supersedes its earlier entry, which is skipped lazily when it surfaces.
/// Rebuilt when superseded entries outnumber live ones, so memory stays proportional to the lease count.
/// </summary>
internal sealed class LeaseTimeQueue
{
    private readonly PriorityQueue<(long Id, long Sequence), (long Time, long Sequence)> _queue = new();
    private readonly Dictionary<long, (long Time, long Sequence)> _live = new();
    private long _nextSequence;

    public int Count => _live.Count;

    public void RegisterOrUpdate(long id, long time)
    {
        long sequence = ++_nextSequence;
        _live[id] = (time, sequence);
        _queue.Enqueue((id, sequence), (time, sequence));
        if (_queue.Count > 2 * _live.Count + 1024)
        {
            Rebuild();
        }
    }

    public void Remove(long id) => _live.Remove(id);

    /// <summary>The instant the id is queued at, if it is queued.</summary>
    public bool TryGetTime(long id, out long time)
    {
        bool found = _live.TryGetValue(id, out var entry);
        time = entry.Time;
        return found;
    }

    public void Clear()
    {
        _live.Clear();
        _queue.Clear();
    }

    /// <summary>The earliest live entry, if any.</summary>
    public bool TryPeek(out long id, out long time)
    {
        while (_queue.TryPeek(out var entry, out var priority))
        {
            if (_live.TryGetValue(entry.Id, out var current) && current.Sequence == entry.Sequence)
            {
                id = entry.Id;
                time = priority.Time;
                return true;
            }

            _queue.Dequeue();
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
            _queue.Dequeue();
            _live.Remove(id);
        }
    }

    private void Rebuild()
    {
        _queue.Clear();
        foreach (var (id, entry) in _live)
        {
            _queue.Enqueue((id, entry.Sequence), entry);
        }
    }
}
