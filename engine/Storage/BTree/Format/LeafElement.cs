using System.Runtime.InteropServices;

namespace Engine.Storage.BTree.Format;

/// <summary>One key/value entry of a leaf page; the key bytes, then the value bytes, live at <see cref="Offset"/>.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct LeafElement
{
    public const int Size = 12;

    /// <summary>Offset of the key from the start of the page run.</summary>
    [FieldOffset(0)] public uint Offset;
    [FieldOffset(4)] public uint KeySize;
    [FieldOffset(8)] public uint ValueSize;
}
