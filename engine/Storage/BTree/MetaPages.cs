using System.Runtime.InteropServices;
using Engine.Common;
using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>Encodes and decodes the two meta pages (pages 0 and 1; a commit writes slot txid % 2).</summary>
internal static unsafe class MetaPages
{
    public static byte[] Build(MetaState meta, int pageSize)
    {
        var buffer = new byte[pageSize];
        fixed (byte* page = buffer)
        {
            var header = (PageHeader*)page;
            header->PageId = meta.Txid % 2;
            header->Txid = meta.Txid;
            header->Flags = PageFlags.Meta;
            var record = (MetaRecord*)(page + PageHeader.Size);
            record->Magic = MetaRecord.MagicValue;
            record->Version = MetaRecord.CurrentVersion;
            record->PageSize = (uint)pageSize;
            record->Txid = meta.Txid;
            record->DirectoryRoot = meta.DirectoryRoot;
            record->CommitPage = meta.CommitPage;
            record->CommitPages = meta.CommitPages;
            record->HighWater = meta.HighWater;
            header->Checksum = Checksum.Hash64(new ReadOnlySpan<byte>(page + 8, pageSize - 8));
        }

        return buffer;
    }

    /// <summary>The meta in <paramref name="page"/> (read from slot <paramref name="slot"/>), or null with the reason.</summary>
    public static MetaState? Parse(ReadOnlySpan<byte> page, ulong slot, int pageSize, out string? problem)
    {
        problem = null;
        if (page.Length < pageSize)
        {
            problem = "short read";
            return null;
        }

        var header = MemoryMarshal.Read<PageHeader>(page);
        var record = MemoryMarshal.Read<MetaRecord>(page[PageHeader.Size..]);
        if (record.Magic != MetaRecord.MagicValue)
        {
            problem = "bad magic";
            return null;
        }

        if (record.PageSize != (uint)pageSize)
        {
            throw new IOException($"the file's page size is {record.PageSize}, not the configured {pageSize}");
        }

        if (Checksum.Hash64(page[8..pageSize]) != header.Checksum)
        {
            problem = "checksum mismatch";
            return null;
        }

        if (header.Flags != PageFlags.Meta || header.PageId != slot || record.Version != MetaRecord.CurrentVersion || record.Txid % 2 != slot)
        {
            problem = "inconsistent meta fields";
            return null;
        }

        return new MetaState(record.Txid, record.DirectoryRoot, record.CommitPage, record.CommitPages, record.HighWater);
    }
}
