using System.Runtime.InteropServices;

namespace Engine.Storage.BTree.Format;

/// <summary>
/// The 32-byte header at the start of every page run (see FORMAT.md). The checksum covers every byte of
/// the run after itself, so a flipped bit anywhere in a page is caught before the page is read as data.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct PageHeader
{
    public const int Size = 32;

    /// <summary>xxHash64 of bytes [8, (1 + Overflow) × pageSize) of the run.</summary>
    [FieldOffset(0)] public ulong Checksum;

    /// <summary>The page's own id (its offset / page size): catches misdirected writes.</summary>
    [FieldOffset(8)] public ulong PageId;

    /// <summary>The transaction that wrote the page.</summary>
    [FieldOffset(16)] public ulong Txid;

    /// <summary>A <see cref="PageFlags"/> value.</summary>
    [FieldOffset(24)] public ushort Flags;

    /// <summary>Number of elements (branch and leaf pages).</summary>
    [FieldOffset(26)] public ushort Count;

    /// <summary>Number of pages that follow this one in the same run.</summary>
    [FieldOffset(28)] public uint Overflow;
}
