namespace Engine.Raft;

/// <summary>
/// The leader's pending ReadIndex requests (etcd's readOnly): each waits until a quorum acknowledges a
/// heartbeat carrying its context, then it and every request queued before it is answered.
/// </summary>
internal sealed class ReadIndexQueue
{
    private readonly Dictionary<string, PendingRead> _pending = [];
    private readonly List<string> _queue = [];

    public ReadIndexQueue(ReadOnlyOption option) => Option = option;

    public ReadOnlyOption Option { get; }

    public int Count => _queue.Count;

    public void Add(ulong index, Message request)
    {
        string key = Key(request.Context.Span);
        if (_pending.ContainsKey(key)) return;
        _pending[key] = new PendingRead(index, request);
        _queue.Add(key);
    }

    /// <summary>Records an acknowledgement of the heartbeat with <paramref name="context"/>; returns who acked so far, or null.</summary>
    public IReadOnlySet<ulong>? Ack(ulong from, ReadOnlySpan<byte> context)
    {
        if (!_pending.TryGetValue(Key(context), out PendingRead? read)) return null;
        read.Acks.Add(from);
        return read.Acks;
    }

    /// <summary>Removes and returns every request up to and including the one with <paramref name="context"/>.</summary>
    public List<(ulong Index, Message Request)> Advance(ReadOnlySpan<byte> context)
    {
        var result = new List<(ulong, Message)>();
        int found = _queue.IndexOf(Key(context));
        if (found < 0) return result;
        for (int i = 0; i <= found; i++)
        {
            PendingRead read = _pending[_queue[i]];
            _pending.Remove(_queue[i]);
            result.Add((read.Index, read.Request));
        }

        _queue.RemoveRange(0, found + 1);
        return result;
    }

    public ReadOnlyMemory<byte> LastPendingContext() => _queue.Count == 0 ? ReadOnlyMemory<byte>.Empty : _pending[_queue[^1]].Request.Context;

    private static string Key(ReadOnlySpan<byte> context) => Convert.ToBase64String(context);

    private sealed class PendingRead(ulong index, Message request)
    {
        public ulong Index { get; } = index;

        public Message Request { get; } = request;

        public HashSet<ulong> Acks { get; } = [];
    }
}
