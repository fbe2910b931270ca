using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// The alternative to a persisted freelist, kept to measure it (FORMAT.md, "Freelist: persisted, not
/// rebuilt"): the free runs of a snapshot derived by walking every reachable page from its meta (the bucket
/// directory, every bucket tree, the commit run); every other page below the high-water mark is free.
/// Reads each reachable page's header (bounds-checked, not checksummed), as bbolt's rebuild does.
/// </summary>
internal static unsafe class FreelistRebuilder
{
    public static List<PageRun> FreeRuns(ReadTransaction tx)
    {
        var meta = tx.Meta;
        var used = new bool[meta.HighWater];
        used[0] = used[1] = true;
        Mark(used, meta.CommitPage, meta.CommitPages);
        Walk(tx, used, meta.DirectoryRoot, isDirectory: true);
        var runs = new List<PageRun>();
        ulong page = 2;
        while (page < meta.HighWater)
        {
            if (used[page])
            {
                page++;
                continue;
            }

            ulong start = page;
            while (page < meta.HighWater && !used[page])
            {
                page++;
            }

            runs.Add(new PageRun(start, page - start));
        }

        return runs;
    }

    private static void Walk(ReadTransaction tx, bool[] used, ulong pageId, bool isDirectory)
    {
        if (pageId < 2 || pageId >= tx.Meta.HighWater)
        {
            throw new InvalidOperationException($"page {pageId}: out of range while rebuilding the freelist");
        }

        byte* page = tx.Base + (long)pageId * tx.PageSize;
        var header = (PageHeader*)page;
        Mark(used, pageId, header->Overflow + 1UL);
        var node = new NodeRef(page);
        if (!node.IsLeaf)
        {
            for (int i = 0; i < node.Count; i++)
            {
                Walk(tx, used, node.Child(i), isDirectory);
            }
        }
        else if (isDirectory)
        {
            for (int i = 0; i < node.Count; i++)
            {
                ulong root = ReadTransaction.RootOfRecord(node.Value(i));
                if (root != 0)
                {
                    Walk(tx, used, root, isDirectory: false);
                }
            }
        }
    }

    private static void Mark(bool[] used, ulong start, ulong count)
    {
        for (ulong page = start; page < start + count && page < (ulong)used.Length; page++)
        {
            used[page] = true;
        }
    }
}
