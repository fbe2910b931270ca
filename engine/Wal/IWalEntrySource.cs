namespace Engine.Wal;

/// <summary>
/// Supplies the entries of one <see cref="WriteAheadLog.Save{TSource}"/> batch so that the caller can
/// encode each payload straight into the WAL's write buffer (the payload is then copied exactly once).
/// Implement it on a struct or ref struct to avoid boxing.
/// </summary>
public interface IWalEntrySource
{
    int Count { get; }

    ulong IndexAt(int i);

    ulong TermAt(int i);

    /// <summary>Exact number of bytes <see cref="WritePayload"/> will write for entry <paramref name="i"/>.</summary>
    int PayloadLengthAt(int i);

    /// <summary>Writes entry <paramref name="i"/>'s payload into <paramref name="destination"/> (exactly its length).</summary>
    void WritePayload(int i, Span<byte> destination);
}
