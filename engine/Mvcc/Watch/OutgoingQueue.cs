namespace Engine.Mvcc.Watch;

/// <summary>
/// A stream's outgoing messages in order. Control messages (created, canceled, progress) are always accepted;
/// event messages only while fewer than the capacity are waiting, so a slow reader never blocks a writer and its
/// memory stays bounded. One asynchronous reader.
/// </summary>
internal sealed class OutgoingQueue
{
    private readonly object _gate = new();
    private readonly Queue<Outgoing> _items = new();
    private readonly int _capacity;
    private int _events;
    private bool _closed;
    private TaskCompletionSource? _waiter;

    public OutgoingQueue(int capacity)
    {
        _capacity = capacity;
    }

    public int Count
    {
        get { lock (_gate) { return _items.Count; } }
    }

    public bool TryEnqueueEvents(Outgoing item)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return true; // nobody reads any more: drop
            }

            if (_events >= _capacity)
            {
                return false;
            }

            _events++;
            EnqueueLocked(item);
            return true;
        }
    }

    public void EnqueueControl(Outgoing item)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                EnqueueLocked(item);
            }
        }
    }

    public void Close()
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            _closed = true;
            _items.Clear();
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>The next message, or null once the queue is closed.</summary>
    public async ValueTask<Outgoing?> DequeueAsync(CancellationToken cancellation)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_items.TryDequeue(out var item))
                {
                    if (item.IsEvents)
                    {
                        _events--;
                    }

                    return item;
                }

                if (_closed)
                {
                    return null;
                }

                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }

            await wait.WaitAsync(cancellation).ConfigureAwait(false);
        }
    }

    private void EnqueueLocked(Outgoing item)
    {
        _items.Enqueue(item);
        var waiter = _waiter;
        _waiter = null;
        waiter?.TrySetResult();
    }
}
