using Engine.Common;
using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>The checks every page run passes before it is read: its own id, its bounds, its checksum.</summary>
internal static unsafe class PageChecks
{
    /// <summary>Null when the run at <paramref name="page"/> is sound, else what is wrong with it.</summary>
    public static string? Verify(byte* page, ulong pageId, ulong highWater, int pageSize)
    {
        var header = (PageHeader*)page;
        if (header->PageId != pageId)
        {
            return $"header names page {header->PageId}";
        }

        ulong pages = header->Overflow + 1UL;
        if (pageId + pages > highWater || pages > int.MaxValue / (ulong)pageSize)
        {
            return $"run of {pages} pages goes past the high-water mark {highWater}";
        }

        ulong expected = Checksum.Hash64(new ReadOnlySpan<byte>(page + 8, (int)pages * pageSize - 8));
        if (expected != header->Checksum)
        {
            return "checksum mismatch";
        }

        ushort flags = header->Flags;
        if (flags != PageFlags.Leaf && flags != PageFlags.Branch && flags != PageFlags.Commit)
        {
            return $"unknown page flags 0x{flags:x}";
        }

        return null;
    }
}
