namespace Engine.Wal;

/// <summary>
/// A snapshot marker: the log was snapshotted at (index, term) with the given opaque conf state. Replay
/// starts at a marker. A replayed marker's conf state points into a memory map (see <see cref="WalReplay"/>).
/// </summary>
public readonly record struct WalSnapshotMarker(ulong Index, ulong Term, ReadOnlyMemory<byte> ConfState);
