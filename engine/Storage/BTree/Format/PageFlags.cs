namespace Engine.Storage.BTree.Format;

/// <summary>What a page holds (<see cref="PageHeader.Flags"/>).</summary>
public static class PageFlags
{
    public const ushort Branch = 0x01;
    public const ushort Leaf = 0x02;
    public const ushort Meta = 0x04;
    public const ushort Commit = 0x10;
}
