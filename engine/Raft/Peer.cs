namespace Engine.Raft;

/// <summary>An initial cluster member for <see cref="RawNode.Bootstrap"/>; <see cref="Context"/> travels in its AddNode conf change.</summary>
public readonly record struct Peer(ulong Id, ReadOnlyMemory<byte> Context = default);
