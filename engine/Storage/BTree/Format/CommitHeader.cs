using System.Runtime.InteropServices;

namespace Engine.Storage.BTree.Format;

/// <summary>
/// The start of a commit page run's body: how many free runs, then how many written runs follow
/// (each a <see cref="PageRun"/>).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct CommitHeader
{
    public const int Size = 16;

    [FieldOffset(0)] public ulong FreeRunCount;
    [FieldOffset(8)] public ulong WrittenRunCount;
}
