using System.Runtime.InteropServices;

namespace Engine.Storage.BTree.Format;

/// <summary>
/// One key/value entry of a leaf page (10 bytes, packed): the key bytes, then the value bytes, live at
/// <see cref="Offset"/>. Keys are at most 32 KiB, so their size fits 16 bits; 10-byte elements let a 4 KiB
/// leaf hold 32 entries of a 16-byte key and a 100-byte value.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size, Pack = 1)]
public struct LeafElement
{
    public const int Size = 10;

    /// <summary>Offset of the key from the start of the page run.</summary>
    [FieldOffset(0)] public uint Offset;
    [FieldOffset(4)] public uint ValueSize;
    [FieldOffset(8)] public ushort KeySize;
}
