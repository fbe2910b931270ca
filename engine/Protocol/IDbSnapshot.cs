using Engine.Protocol;

namespace Engine.Protocol;

/// <summary>A consistent point-in-time copy of the db file being streamed (a read transaction held open).</summary>
public interface IDbSnapshot : IAsyncDisposable
{
    /// <summary>The header every snapshot message carries (filled when the snapshot was opened).</summary>
    ResponseHeader? Header { get; }

    /// <summary>Exact number of bytes <see cref="WriteToAsync"/> writes.</summary>
    long Size { get; }

    /// <summary>Writes the whole db file, exactly <see cref="Size"/> bytes, into <paramref name="destination"/>.</summary>
    ValueTask WriteToAsync(Stream destination, CancellationToken cancel);
}
