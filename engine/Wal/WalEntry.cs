namespace Engine.Wal;

/// <summary>
/// One log entry: raft index and term plus the server's opaque encoding of the entry. Entries handed
/// out by replay point into a memory map of the segment; see <see cref="WalReplay"/> for their lifetime.
/// </summary>
public readonly record struct WalEntry(ulong Index, ulong Term, ReadOnlyMemory<byte> Payload);
