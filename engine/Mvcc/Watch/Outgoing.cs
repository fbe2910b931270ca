using Engine.Protocol;

namespace Engine.Mvcc.Watch;

/// <summary>
/// One message waiting in a stream's queue: either a finished control response, or the events of one watcher up
/// to <see cref="Revision"/>, turned into responses (prev_kv loaded, fragments split) when the stream is read.
/// </summary>
internal sealed record Outgoing(Watcher? Watcher, long Revision, List<Event>? Events, WatchResponse? Control)
{
    public bool IsEvents => Control is null;

    public static Outgoing ForControl(WatchResponse response) => new(null, 0, null, response);
}
