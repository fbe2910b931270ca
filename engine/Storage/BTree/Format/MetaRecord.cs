using System.Runtime.InteropServices;

namespace Engine.Storage.BTree.Format;

/// <summary>
/// The body of a meta page (pages 0 and 1, right after the <see cref="PageHeader"/>): the root of the
/// bucket directory, the commit page of the transaction that wrote it and the high-water mark.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct MetaRecord
{
    public const int Size = 64;
    public const uint MagicValue = 0x454E4742; // "ENGB"
    public const uint CurrentVersion = 2;

    [FieldOffset(0)] public uint Magic;
    [FieldOffset(4)] public uint Version;
    [FieldOffset(8)] public uint PageSize;
    [FieldOffset(12)] public uint CommitPages;
    [FieldOffset(16)] public ulong Txid;

    /// <summary>Root page of the bucket directory tree.</summary>
    [FieldOffset(24)] public ulong DirectoryRoot;

    /// <summary>First page of the commit page run (free runs and the runs written by this transaction).</summary>
    [FieldOffset(32)] public ulong CommitPage;

    /// <summary>Number of pages in use: every page id is below it.</summary>
    [FieldOffset(40)] public ulong HighWater;
    [FieldOffset(48)] public ulong Reserved0;
    [FieldOffset(56)] public ulong Reserved1;
}
