using System.Runtime.InteropServices;

namespace Engine.Storage.BTree.Format;

/// <summary>The value stored in the bucket directory for a bucket id (the key is the id, 4 bytes big-endian).</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct BucketRecord
{
    public const int Size = 16;

    [FieldOffset(0)] public ulong RootPageId;
    [FieldOffset(8)] public ulong Reserved;
}
