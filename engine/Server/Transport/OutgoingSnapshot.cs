using Engine.Raft;

namespace Engine.Server.Transport;

/// <summary>
/// A snapshot prepared for one peer: the MsgSnap to send first (its metadata describes exactly the data that
/// follows) and the writer of that data. Disposing releases what was prepared (a temporary copy of the db).
/// </summary>
public sealed class OutgoingSnapshot(Message message, Func<Stream, CancellationToken, Task> writeAsync, Action? release = null) : IDisposable
{
    private Action? _release = release;

    /// <summary>The MsgSnap that goes ahead of the data.</summary>
    public Message Message { get; } = message;

    /// <summary>Writes the snapshot data to the peer's stream.</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancel) => writeAsync(destination, cancel);

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
