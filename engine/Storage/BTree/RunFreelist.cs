using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// A freelist of coalesced page runs in hash maps (by start, by end, and by length), like bbolt's
/// hashmap freelist: free and single-page allocate are O(1)/O(log s) where s is the number of distinct
/// run lengths; a k-page allocate looks at no more than k distinct lengths.
/// </summary>
internal sealed class RunFreelist : IFreelist
{
    private readonly Dictionary<ulong, ulong> _countByStart = new();
    private readonly Dictionary<ulong, ulong> _startByEnd = new();
    private readonly Dictionary<ulong, HashSet<ulong>> _startsBySize = new();
    private readonly SortedSet<ulong> _sizes = new();
    private readonly SortedDictionary<ulong, List<PageRun>> _pending = new();
    private int _pendingRuns;

    public long FreeCount { get; private set; }

    public long PendingCount { get; private set; }

    public int RunCountBound => _countByStart.Count + _pendingRuns;

    public ulong Allocate(int count)
    {
        ulong wanted = (ulong)count;
        ulong size = 0;
        foreach (ulong candidate in _sizes)
        {
            if (candidate >= wanted)
            {
                size = candidate;
                break;
            }
        }

        if (size == 0)
        {
            return 0;
        }

        ulong start = 0;
        foreach (ulong s in _startsBySize[size])
        {
            start = s;
            break;
        }

        RemoveRun(start, size);
        if (size > wanted)
        {
            AddRun(start + wanted, size - wanted);
        }

        FreeCount -= count;
        return start;
    }

    public void Free(ulong txid, PageRun run)
    {
        if (!_pending.TryGetValue(txid, out var list))
        {
            list = [];
            _pending[txid] = list;
        }

        list.Add(run);
        _pendingRuns++;
        PendingCount += (long)run.Count;
    }

    public void Release(ulong txid)
    {
        while (_pending.Count > 0)
        {
            var first = _pending.First();
            if (first.Key > txid)
            {
                break;
            }

            foreach (var run in first.Value)
            {
                Insert(run.Start, run.Count);
                PendingCount -= (long)run.Count;
                _pendingRuns--;
            }

            _pending.Remove(first.Key);
        }
    }

    public IEnumerable<PageRun> AllRuns()
    {
        foreach (var (start, count) in _countByStart)
        {
            yield return new PageRun(start, count);
        }

        foreach (var list in _pending.Values)
        {
            foreach (var run in list)
            {
                yield return run;
            }
        }
    }

    public void Load(IEnumerable<PageRun> runs)
    {
        foreach (var run in runs)
        {
            Insert(run.Start, run.Count);
        }
    }

    private void Insert(ulong start, ulong count)
    {
        FreeCount += (long)count;
        if (_startByEnd.TryGetValue(start, out ulong previousStart))
        {
            ulong previousCount = _countByStart[previousStart];
            RemoveRun(previousStart, previousCount);
            start = previousStart;
            count += previousCount;
        }

        if (_countByStart.TryGetValue(start + count, out ulong nextCount))
        {
            RemoveRun(start + count, nextCount);
            count += nextCount;
        }

        AddRun(start, count);
    }

    private void AddRun(ulong start, ulong count)
    {
        _countByStart.Add(start, count);
        _startByEnd.Add(start + count, start);
        if (!_startsBySize.TryGetValue(count, out var starts))
        {
            starts = [];
            _startsBySize[count] = starts;
            _sizes.Add(count);
        }

        starts.Add(start);
    }

    private void RemoveRun(ulong start, ulong count)
    {
        _countByStart.Remove(start);
        _startByEnd.Remove(start + count);
        var starts = _startsBySize[count];
        starts.Remove(start);
        if (starts.Count == 0)
        {
            _startsBySize.Remove(count);
            _sizes.Remove(count);
        }
    }
}
