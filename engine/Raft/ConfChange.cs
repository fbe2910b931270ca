namespace Engine.Raft;

/// <summary>A single-step membership change proposed through the log.</summary>
public sealed record ConfChange(ConfChangeType Type, ulong NodeId, ReadOnlyMemory<byte> Context = default, ulong Id = 0);
