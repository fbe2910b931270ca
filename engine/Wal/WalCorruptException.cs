namespace Engine.Wal;

/// <summary>
/// The WAL holds damaged data inside its synced region (or is structurally broken). The message starts
/// with "wal: corrupt" and names the file and offset. The node must not start from this log.
/// </summary>
public sealed class WalCorruptException : Exception
{
    public WalCorruptException(string message) : base(message) { }
}
