using Engine.Common.Errors;

namespace Engine.Mvcc.Index;

/// <summary>
/// The ordered in-memory index of every key's history (etcd's treeIndex): a balanced search tree of
/// <see cref="KeyIndex"/> by key bytes, O(log n) lookup and O(log n + k) range scans. Thread-safe: one writer
/// or many readers at a time. A range is [key, end) where a null end means the single key and an empty end
/// means every key from <c>key</c> on.
/// </summary>
internal sealed class TreeIndex
{
    private SortedSet<KeyIndex> _tree = new(KeyBytesComparer.Instance);
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    public int KeyCount
    {
        get
        {
            _lock.EnterReadLock();
            try { return _tree.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Records a put; returns the key's index entry (to set its lease).</summary>
    public KeyIndex Put(byte[] key, Revision revision)
    {
        _lock.EnterWriteLock();
        try
        {
            var probe = new KeyIndex(key);
            if (!_tree.TryGetValue(probe, out var ki))
            {
                ki = probe;
                _tree.Add(ki);
            }

            ki.Put(revision);
            return ki;
        }
        finally { _lock.ExitWriteLock(); }
    }

    public bool Tombstone(byte[] key, Revision revision)
    {
        _lock.EnterWriteLock();
        try
        {
            return _tree.TryGetValue(new KeyIndex(key), out var ki) && ki.Tombstone(revision);
        }
        finally { _lock.ExitWriteLock(); }
    }

    public bool TryGet(ReadOnlySpan<byte> key, long atMain, out Revision modified, out Revision created, out long version, out long lease)
    {
        _lock.EnterReadLock();
        try
        {
            if (_tree.TryGetValue(new KeyIndex(key.ToArray()), out var ki) && ki.TryGet(atMain, out modified, out created, out version))
            {
                lease = ki.Lease;
                return true;
            }

            modified = created = default;
            version = lease = 0;
            return false;
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>
    /// Adds to <paramref name="revisions"/> (up to <paramref name="limit"/>, 0 = all) the revision of each key alive
    /// at <paramref name="atMain"/> in the range, in key order; returns how many keys are alive there in total.
    /// </summary>
    public int Revisions(byte[] key, byte[]? end, long atMain, long limit, List<Revision>? revisions)
    {
        _lock.EnterReadLock();
        try
        {
            int total = 0;
            foreach (var ki in Scan(key, end))
            {
                if (ki.TryGet(atMain, out var modified, out _, out _))
                {
                    if (revisions is not null && (limit <= 0 || revisions.Count < limit))
                    {
                        revisions.Add(modified);
                    }

                    total++;
                }
            }

            return total;
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>The keys alive at <paramref name="atMain"/> in the range, in key order.</summary>
    public List<KeyIndex> Keys(byte[] key, byte[]? end, long atMain)
    {
        _lock.EnterReadLock();
        try
        {
            var keys = new List<KeyIndex>();
            foreach (var ki in Scan(key, end))
            {
                if (ki.TryGet(atMain, out _, out _, out _))
                {
                    keys.Add(ki);
                }
            }

            return keys;
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Compacts every key at <paramref name="atMain"/>; returns the revisions at or below it that must stay in the backend.</summary>
    public HashSet<Revision> Compact(long atMain)
    {
        var available = new HashSet<Revision>();
        _lock.EnterWriteLock();
        try
        {
            List<KeyIndex>? emptied = null;
            foreach (var ki in _tree)
            {
                ki.Compact(atMain, available);
                if (ki.IsEmpty)
                {
                    (emptied ??= []).Add(ki);
                }
            }

            if (emptied is not null)
            {
                foreach (var ki in emptied)
                {
                    _tree.Remove(ki);
                }
            }

            return available;
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>The revisions a compaction at <paramref name="atMain"/> would keep, without compacting.</summary>
    public HashSet<Revision> Keep(long atMain)
    {
        var available = new HashSet<Revision>();
        _lock.EnterReadLock();
        try
        {
            foreach (var ki in _tree)
            {
                ki.Keep(atMain, available);
            }

            return available;
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>
    /// Rebuild support (single-threaded, before the store is shared): replaces the content with
    /// <paramref name="entries"/>, distinct keys in any order (sorted once, then built balanced).
    /// </summary>
    public void Load(IEnumerable<KeyIndex> entries)
    {
        var tree = new SortedSet<KeyIndex>(entries, KeyBytesComparer.Instance);
        _tree = tree;
    }

    /// <summary>Every key's history, one per line (diagnostics).</summary>
    public string Dump()
    {
        _lock.EnterReadLock();
        try { return string.Join("\n", _tree.Select(ki => ki.ToString())); }
        finally { _lock.ExitReadLock(); }
    }

    private IEnumerable<KeyIndex> Scan(byte[] key, byte[]? end)
    {
        var low = new KeyIndex(key);
        if (end is null)
        {
            if (_tree.TryGetValue(low, out var single))
            {
                yield return single;
            }

            yield break;
        }

        var max = _tree.Max;
        if (max is null || KeyBytesComparer.Instance.Compare(low, max) > 0)
        {
            yield break;
        }

        KeyIndex high;
        if (end.Length == 0)
        {
            high = max;
        }
        else
        {
            if (end.AsSpan().SequenceCompareTo(key) <= 0)
            {
                yield break;
            }

            high = new KeyIndex(end);
        }

        foreach (var ki in _tree.GetViewBetween(low, high))
        {
            if (end.Length != 0 && ki.Key.AsSpan().SequenceCompareTo(end) >= 0)
            {
                yield break;
            }

            yield return ki;
        }
    }
}
