using Engine.Protocol;

namespace Engine.Mvcc.Watch;

/// <summary>
/// Turns a watcher's queued events into responses as etcd's send loop does: prev_kv read at mod_revision - 1
/// (omitted for creations and when compacted away), and fragments when a response exceeds the request limit
/// (every fragment but the last carries <c>fragment:true</c>; a fragment holds at least one event).
/// </summary>
internal static class WatchResponses
{
    public static WatchResponse Build(KvStore store, Outgoing item)
    {
        var w = item.Watcher!;
        var events = item.Events!;
        if (w.PrevKv)
        {
            events = events.Select(e => WithPrevious(store, e)).ToList();
        }

        return new WatchResponse
        {
            Header = new ResponseHeader { Revision = item.Revision },
            WatchId = w.Id,
            Events = events.Count == 0 ? null : events,
        };
    }

    public static IEnumerable<WatchResponse> Fragment(WatchResponse response, int maxBytes)
    {
        var events = response.Events;
        if (events is null || events.Count < 2 || Size(events) < maxBytes)
        {
            yield return response;
            yield break;
        }

        int at = 0;
        while (at < events.Count)
        {
            var part = new List<Event> { events[at++] };
            long size = Size(part[0]);
            while (at < events.Count && size + Size(events[at]) < maxBytes)
            {
                size += Size(events[at]);
                part.Add(events[at++]);
            }

            yield return new WatchResponse { Header = response.Header, WatchId = response.WatchId, Events = part, Fragment = at < events.Count };
        }
    }

    /// <summary>An estimate of an event's encoded size (keys, values and fixed fields).</summary>
    public static long Size(Event e) => 48 + Size(e.Kv) + Size(e.PrevKv);

    private static long Size(List<Event> events) => events.Sum(Size);

    private static long Size(KeyValue? kv) => kv is null ? 0 : (kv.Key?.Length ?? 0) + (kv.Value?.Length ?? 0) + 40;

    private static Event WithPrevious(KvStore store, Event e)
    {
        bool created = e.Type == EventType.Put && e.Kv!.CreateRevision == e.Kv.ModRevision;
        if (created)
        {
            return e;
        }

        var previous = store.Range(new RangeRequest { Key = e.Kv!.Key, Revision = e.Kv.ModRevision - 1 });
        return new Event { Type = e.Type, Kv = e.Kv, PrevKv = previous.Value?.Kvs is [var kv, ..] ? kv : null };
    }
}
