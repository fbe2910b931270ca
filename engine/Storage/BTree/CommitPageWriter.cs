using Engine.Common;
using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// Builds a commit's commit page run: the free runs as of this commit (what reopen may allocate) and the
/// runs this commit wrote (what open verifies before trusting the meta that points here).
/// </summary>
internal static unsafe class CommitPageWriter
{
    public static (ulong PageId, byte[] Buffer) Build(WriteTransaction tx, IFreelist freelist)
    {
        int pageSize = tx.PageSize;
        var written = tx.DirtyPages;
        long bytes = PageHeader.Size + CommitHeader.Size + (long)(freelist.RunCountBound + written.Count) * PageRun.Size;
        int pages = checked((int)((bytes + pageSize - 1) / pageSize));
        ulong pageId = tx.AllocatePages(pages);
        var buffer = new byte[pages * pageSize];
        fixed (byte* page = buffer)
        {
            var header = (PageHeader*)page;
            header->PageId = pageId;
            header->Txid = tx.TxId;
            header->Flags = PageFlags.Commit;
            header->Overflow = (uint)(pages - 1);
            var counts = (CommitHeader*)(page + PageHeader.Size);
            var runs = (PageRun*)(page + PageHeader.Size + CommitHeader.Size);
            ulong free = 0;
            foreach (var run in freelist.AllRuns())
            {
                runs[free++] = run;
            }

            counts->FreeRunCount = free;
            for (int i = 0; i < written.Count; i++)
            {
                runs[free + (ulong)i] = new PageRun(written[i].PageId, (ulong)written[i].Pages);
            }

            counts->WrittenRunCount = (ulong)written.Count;
            header->Checksum = Checksum.Hash64(new ReadOnlySpan<byte>(page + 8, buffer.Length - 8));
        }

        return (pageId, buffer);
    }

    /// <summary>Reads the free and written runs of a verified commit page run.</summary>
    public static (List<PageRun> Free, List<PageRun> Written)? Read(byte* page, int pageSize)
    {
        var header = (PageHeader*)page;
        long capacity = ((header->Overflow + 1L) * pageSize - PageHeader.Size - CommitHeader.Size) / PageRun.Size;
        var counts = (CommitHeader*)(page + PageHeader.Size);
        if (counts->FreeRunCount > (ulong)capacity || counts->WrittenRunCount > (ulong)capacity - counts->FreeRunCount)
        {
            return null;
        }

        var runs = (PageRun*)(page + PageHeader.Size + CommitHeader.Size);
        var free = new List<PageRun>((int)counts->FreeRunCount);
        for (ulong i = 0; i < counts->FreeRunCount; i++)
        {
            free.Add(runs[i]);
        }

        var written = new List<PageRun>((int)counts->WrittenRunCount);
        for (ulong i = 0; i < counts->WrittenRunCount; i++)
        {
            written.Add(runs[counts->FreeRunCount + i]);
        }

        return (free, written);
    }
}
