using System.Runtime.InteropServices;

namespace Engine.Storage.BTree.Format;

/// <summary>One child reference of a branch page: every key in the child is &gt;= this element's key.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct BranchElement
{
    public const int Size = 16;

    [FieldOffset(0)] public ulong ChildPageId;

    /// <summary>Offset of the separator key from the start of the page.</summary>
    [FieldOffset(8)] public uint Offset;
    [FieldOffset(12)] public uint KeySize;
}
