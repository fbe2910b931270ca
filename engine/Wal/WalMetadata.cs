namespace Engine.Wal;

/// <summary>The identity a WAL belongs to, written at the start of every segment.</summary>
public readonly record struct WalMetadata(ulong MemberId, ulong ClusterId);
