using Engine.Protocol;

namespace Engine.Mvcc.Watch;

/// <summary>One watcher of a stream: a key or range, the next revision it must see, and its options.</summary>
internal sealed class Watcher
{
    public Watcher(WatchStream stream, long id, byte[] key, byte[]? end, long minRevision, WatchCreateRequest request)
    {
        Stream = stream;
        Id = id;
        Key = key;
        End = end;
        MinRevision = minRevision;
        foreach (var filter in request.Filters ?? [])
        {
            NoPut |= filter == WatchFilterType.NoPut;
            NoDelete |= filter == WatchFilterType.NoDelete;
        }

        PrevKv = request.PrevKv;
        Fragment = request.Fragment;
        ProgressNotify = request.ProgressNotify;
    }

    public WatchStream Stream { get; }

    public long Id { get; }

    public byte[] Key { get; }

    /// <summary>Null: the single key; empty: every key from <see cref="Key"/> on; otherwise the exclusive end.</summary>
    public byte[]? End { get; }

    /// <summary>The next revision this watcher must receive.</summary>
    public long MinRevision { get; set; }

    public bool NoPut { get; }

    public bool NoDelete { get; }

    public bool PrevKv { get; }

    public bool Fragment { get; }

    public bool ProgressNotify { get; }

    /// <summary>The group the watcher is in.</summary>
    public WatcherState State { get; set; }

    /// <summary>A victim's undelivered response.</summary>
    public Outgoing? Pending { get; set; }

    public bool Matches(byte[] key)
    {
        if (End is null)
        {
            return key.AsSpan().SequenceEqual(Key);
        }

        return key.AsSpan().SequenceCompareTo(Key) >= 0 && (End.Length == 0 || key.AsSpan().SequenceCompareTo(End) < 0);
    }

    /// <summary>The events of <paramref name="events"/> this watcher wants, or null when none.</summary>
    public List<Event>? Select(IReadOnlyList<Event> events)
    {
        List<Event>? selected = null;
        foreach (var e in events)
        {
            if ((e.Type == EventType.Put && NoPut) || (e.Type == EventType.Delete && NoDelete) || !Matches(e.Kv!.Key!))
            {
                continue;
            }

            (selected ??= []).Add(e);
        }

        return selected;
    }
}
