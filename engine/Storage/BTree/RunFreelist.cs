using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// A freelist of coalesced page runs: hash maps by start and by end (O(1) coalescing on free), the run
/// starts in address order, and the starts of each run length in address order. A single page comes from
/// the lowest free run, so a commit's new pages are taken in address order and neighbours coalesce into one
/// write; a k-page run is the lowest run of the smallest length that fits. Every operation is O(log n).
/// </summary>
internal sealed class RunFreelist : IFreelist
{
    private readonly Dictionary<ulong, ulong> _countByStart = new();
    private readonly Dictionary<ulong, ulong> _startByEnd = new();
    private readonly SortedSet<ulong> _starts = new();
    private readonly Dictionary<ulong, SortedSet<ulong>> _startsBySize = new();
    private readonly SortedSet<ulong> _sizes = new();
    private readonly SortedDictionary<ulong, List<PageRun>> _pending = new();
    private int _pendingRuns;

    public long FreeCount { get; private set; }

    public long PendingCount { get; private set; }

    public int RunCountBound => _countByStart.Count + _pendingRuns;

    public ulong Allocate(int count)
    {
        if (_starts.Count == 0)
        {
            return 0;
        }

        ulong wanted = (ulong)count;
        ulong start, size;
        if (count == 1)
        {
            start = _starts.Min;
            size = _countByStart[start];
        }
        else
        {
            size = _sizes.GetViewBetween(wanted, ulong.MaxValue).Min;
            if (size == 0)
            {
                return 0;
            }

            start = _startsBySize[size].Min;
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
        _starts.Add(start);
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
        _starts.Remove(start);
        var starts = _startsBySize[count];
        starts.Remove(start);
        if (starts.Count == 0)
        {
            _startsBySize.Remove(count);
            _sizes.Remove(count);
        }
    }
}
