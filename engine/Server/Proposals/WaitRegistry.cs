using System.Collections.Concurrent;

namespace Engine.Server.Proposals;

/// <summary>
/// Proposals waiting for their entry to be applied: the proposer registers its request id, the apply
/// loop triggers it with the result. A waiter abandoned by its caller (timeout, cancel) is removed.
/// </summary>
public sealed class WaitRegistry
{
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<object?>> _waiters = new();

    public int Count => _waiters.Count;

    /// <summary>Registers <paramref name="id"/>; the task completes when <see cref="Trigger"/> is called for it.</summary>
    public Task<object?> Register(ulong id)
    {
        var source = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_waiters.TryAdd(id, source))
        {
            throw new InvalidOperationException($"duplicate request id {id:x}");
        }

        return source.Task;
    }

    /// <summary>Completes the waiter of <paramref name="id"/> if one is registered here (it may be another member's proposal).</summary>
    public bool Trigger(ulong id, object? result)
    {
        return _waiters.TryRemove(id, out var source) && source.TrySetResult(result);
    }

    /// <summary>Drops a waiter whose caller gave up.</summary>
    public void Cancel(ulong id) => _waiters.TryRemove(id, out _);

    /// <summary>Fails every waiter (server stopping, leader lost).</summary>
    public void FailAll(Exception error)
    {
        foreach (ulong id in _waiters.Keys)
        {
            if (_waiters.TryRemove(id, out var source))
            {
                source.TrySetException(error);
            }
        }
    }
}
