namespace Engine.Storage.BTree;

/// <summary>One entry of an in-memory <see cref="Node"/>: a key with its value (leaf) or child page (branch).</summary>
internal struct Inode
{
    public Bytes Key;
    public Bytes Value;
    public ulong Child;
}
