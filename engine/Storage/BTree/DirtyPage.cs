namespace Engine.Storage.BTree;

/// <summary>A page run built by a commit, waiting to be written at <see cref="PageId"/>.</summary>
internal readonly record struct DirtyPage(ulong PageId, int Pages, byte[] Buffer);
