namespace Engine.Server.Reads;

/// <summary>
/// Waiters for the applied index to reach a value (linearizable reads wait for applied ≥ read index).
/// The apply loop calls <see cref="Advance"/> after each batch; waiters at or below it complete.
/// </summary>
internal sealed class AppliedIndexWaiters
{
    private readonly object _gate = new();
    private readonly PriorityQueue<TaskCompletionSource, ulong> _waiting = new();
    private ulong _applied;

    public AppliedIndexWaiters(ulong applied)
    {
        _applied = applied;
    }

    public ulong Applied => Volatile.Read(ref _applied);

    public Task WaitFor(ulong index)
    {
        lock (_gate)
        {
            if (index <= _applied)
            {
                return Task.CompletedTask;
            }

            var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(source, index);
            return source.Task;
        }
    }

    public void Advance(ulong applied)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_gate)
        {
            Volatile.Write(ref _applied, applied);
            while (_waiting.TryPeek(out var source, out ulong index) && index <= applied)
            {
                _waiting.Dequeue();
                (ready ??= []).Add(source);
            }
        }

        if (ready is not null)
        {
            foreach (var source in ready)
            {
                source.TrySetResult();
            }
        }
    }
}
