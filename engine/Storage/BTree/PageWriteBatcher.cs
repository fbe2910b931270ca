using Engine.Common.IO;

namespace Engine.Storage.BTree;

/// <summary>
/// Writes page runs sorted by id, joining neighbours into one positioned write (up to 4 MiB) through a
/// scratch buffer the writer keeps for the database's lifetime.
/// </summary>
internal sealed class PageWriteBatcher(IStorageFile file, int pageSize)
{
    private const int MaxBatch = 4 << 20;
    private byte[]? _scratch;

    public void Write(List<DirtyPage> sorted)
    {
        int i = 0;
        while (i < sorted.Count)
        {
            int j = i;
            long bytes = sorted[i].Buffer.Length;
            ulong end = sorted[i].PageId + (ulong)sorted[i].Pages;
            while (j + 1 < sorted.Count && sorted[j + 1].PageId == end && bytes + sorted[j + 1].Buffer.Length <= MaxBatch)
            {
                j++;
                bytes += sorted[j].Buffer.Length;
                end += (ulong)sorted[j].Pages;
            }

            long offset = (long)sorted[i].PageId * pageSize;
            if (j == i)
            {
                file.Write(offset, sorted[i].Buffer);
            }
            else
            {
                var scratch = _scratch ??= new byte[MaxBatch];
                int at = 0;
                for (int k = i; k <= j; k++)
                {
                    sorted[k].Buffer.CopyTo(scratch, at);
                    at += sorted[k].Buffer.Length;
                }

                file.Write(offset, scratch.AsSpan(0, at));
            }

            i = j + 1;
        }
    }
}
