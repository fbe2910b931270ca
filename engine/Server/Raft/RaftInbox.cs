using System.Collections.Concurrent;

namespace Engine.Server.Raft;

/// <summary>
/// The raft loop's input queue: proposals, peer messages, ReadIndex rounds, snapshot and conf-change work. Any thread
/// enqueues; only the raft loop dequeues. Created before the loop, so everything that feeds it can be built first.
/// </summary>
internal sealed class RaftInbox : IDisposable
{
    private readonly ConcurrentQueue<RaftInput> _inputs = new();
    private readonly AutoResetEvent _wake = new(false);

    public bool IsEmpty => _inputs.IsEmpty;

    public void Enqueue(RaftInput input)
    {
        _inputs.Enqueue(input);
        _wake.Set();
    }

    public bool TryDequeue(out RaftInput input) => _inputs.TryDequeue(out input!);

    /// <summary>Wakes the loop without input (it is stopping).</summary>
    public void Wake() => _wake.Set();

    /// <summary>Blocks the loop until an input arrives or <paramref name="milliseconds"/> pass.</summary>
    public void Wait(int milliseconds) => _wake.WaitOne(milliseconds);

    public void Dispose() => _wake.Dispose();
}
