using System.Runtime.InteropServices;

namespace Engine.Storage.BTree.Format;

/// <summary>A run of consecutive pages, as listed by a commit page (free runs and written runs).</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct PageRun
{
    public const int Size = 16;

    [FieldOffset(0)] public ulong Start;
    [FieldOffset(8)] public ulong Count;

    public PageRun(ulong start, ulong count)
    {
        Start = start;
        Count = count;
    }
}
