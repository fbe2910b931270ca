using Engine.Common;
using Engine.Common.Errors;
using Engine.Common.IO;
using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// Open: create a new file (two metas, an empty directory leaf, a commit page) or pick the newest meta
/// whose commit verifies (every page it wrote is present, with its id, txid and checksum), falling
/// back to the other meta when the newest commit did not fully reach the disk.
/// </summary>
internal static unsafe class DatabaseOpener
{
    public static (MetaState Meta, MapLease Lease, IFreelist Freelist, string? FallbackReason) OpenOrCreate(IFileSystem fs, IStorageFile file, BTreeOptions options)
    {
        int pageSize = options.PageSize;
        var candidates = ReadMetas(file, pageSize);
        if (candidates.Count == 0)
        {
            if (file.Length > 4L * pageSize)
            {
                throw new EngineFatalException($"{file.Path}: neither meta page is valid; the file is corrupt");
            }

            Initialize(fs, file, pageSize);
            candidates = ReadMetas(file, pageSize);
        }

        long length = file.Length;
        long capacity = Math.Max(options.InitialMapSize, pageSize * 16L);
        while (capacity < length)
        {
            capacity *= 2;
        }

        var lease = new MapLease(file.Map(capacity));
        var problems = new List<string>();
        foreach (var meta in candidates.OrderByDescending(m => m.Txid))
        {
            var free = VerifyCommit(meta, lease.Base, length, pageSize, out string? problem);
            if (free is not null)
            {
                var freelist = new RunFreelist();
                freelist.Load(free);
                return (meta, lease, freelist, problems.Count > 0 ? string.Join("; ", problems) : null);
            }

            problems.Add($"meta of transaction {meta.Txid}: {problem}");
        }

        lease.Release();
        throw new EngineFatalException($"{file.Path}: no meta page whose commit verifies ({string.Join("; ", problems)}); the file is corrupt");
    }

    private static List<MetaState> ReadMetas(IStorageFile file, int pageSize)
    {
        var result = new List<MetaState>(2);
        var buffer = new byte[pageSize];
        for (ulong slot = 0; slot < 2; slot++)
        {
            int read = file.Read((long)slot * pageSize, buffer);
            var meta = MetaPages.Parse(buffer.AsSpan(0, read), slot, pageSize, out _);
            if (meta is not null)
            {
                result.Add(meta);
            }
        }

        return result;
    }

    /// <summary>Null when the commit of <paramref name="meta"/> is not fully on disk; else its free runs.</summary>
    internal static List<PageRun>? VerifyCommit(MetaState meta, byte* map, long fileLength, int pageSize, out string? problem)
    {
        problem = null;
        if (meta.HighWater < 4 || (long)meta.HighWater > fileLength / pageSize)
        {
            problem = $"high-water mark {meta.HighWater} is past the end of the file ({fileLength} bytes)";
            return null;
        }

        if (meta.CommitPage < 2 || meta.CommitPage + meta.CommitPages > meta.HighWater || meta.DirectoryRoot < 2 || meta.DirectoryRoot >= meta.HighWater)
        {
            problem = "commit page or directory root out of range";
            return null;
        }

        byte* commit = map + (long)meta.CommitPage * pageSize;
        problem = CheckWritten(commit, meta.CommitPage, meta.CommitPages, meta, pageSize);
        if (problem is not null || ((PageHeader*)commit)->Flags != PageFlags.Commit)
        {
            problem = $"commit page {meta.CommitPage}: {problem ?? "not a commit page"}";
            return null;
        }

        var runs = CommitPageWriter.Read(commit, pageSize);
        if (runs is null)
        {
            problem = $"commit page {meta.CommitPage}: run counts out of range";
            return null;
        }

        foreach (var run in runs.Value.Written)
        {
            problem = CheckWritten(map + (long)run.Start * pageSize, run.Start, run.Count, meta, pageSize);
            if (problem is not null)
            {
                problem = $"page {run.Start}: {problem}";
                return null;
            }
        }

        foreach (var run in runs.Value.Free)
        {
            if (run.Start < 2 || run.Count == 0 || run.Start + run.Count > meta.HighWater)
            {
                problem = $"free run {run.Start}+{run.Count} out of range";
                return null;
            }
        }

        return runs.Value.Free;
    }

    private static string? CheckWritten(byte* page, ulong pageId, ulong pages, MetaState meta, int pageSize)
    {
        if (pageId < 2 || pages == 0 || pageId + pages > meta.HighWater)
        {
            return "out of range";
        }

        string? problem = PageChecks.Verify(page, pageId, meta.HighWater, pageSize);
        if (problem is not null)
        {
            return problem;
        }

        var header = (PageHeader*)page;
        if (header->Txid != meta.Txid)
        {
            return $"written by transaction {header->Txid}, not {meta.Txid}";
        }

        return header->Overflow + 1UL == pages ? null : "run length differs from the commit page";
    }

    private static void Initialize(IFileSystem fs, IStorageFile file, int pageSize)
    {
        var buffer = new byte[4 * pageSize];
        fixed (byte* start = buffer)
        {
            byte* leaf = start + 2 * pageSize;
            var leafHeader = (PageHeader*)leaf;
            leafHeader->PageId = 2;
            leafHeader->Txid = 1;
            leafHeader->Flags = PageFlags.Leaf;
            leafHeader->Checksum = Checksum.Hash64(new ReadOnlySpan<byte>(leaf + 8, pageSize - 8));

            byte* commit = start + 3 * pageSize;
            var commitHeader = (PageHeader*)commit;
            commitHeader->PageId = 3;
            commitHeader->Txid = 1;
            commitHeader->Flags = PageFlags.Commit;
            ((CommitHeader*)(commit + PageHeader.Size))->WrittenRunCount = 1;
            *(PageRun*)(commit + PageHeader.Size + CommitHeader.Size) = new PageRun(2, 1);
            commitHeader->Checksum = Checksum.Hash64(new ReadOnlySpan<byte>(commit + 8, pageSize - 8));
        }

        MetaPages.Build(new MetaState(0, 2, 3, 1, 4), pageSize).CopyTo(buffer, 0);
        MetaPages.Build(new MetaState(1, 2, 3, 1, 4), pageSize).CopyTo(buffer, pageSize);
        file.Write(0, buffer);
        file.DataSync();
        string? directory = System.IO.Path.GetDirectoryName(file.Path);
        if (string.IsNullOrEmpty(directory))
        {
            directory = ".";
        }

        fs.SyncDirectory(directory);
    }
}
