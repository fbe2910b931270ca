using System.Buffers.Binary;
using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// The structural check (bbolt's tx.Check): every page below the high-water mark is reachable exactly
/// once or free, each page's id, bounds and checksum are valid, keys are sorted and inside the range their
/// parent gives them, and all leaves of a tree are at the same depth.
/// </summary>
internal sealed unsafe class TreeChecker
{
    private const int MaxProblems = 100;
    private readonly ReadTransaction _tx;
    private readonly long _fileLength;
    private readonly int _pageSize;
    private readonly ulong _highWater;
    private readonly byte[] _owner;
    private readonly List<string> _problems = new();

    public TreeChecker(ReadTransaction tx, long fileLength)
    {
        _tx = tx;
        _fileLength = fileLength;
        _pageSize = tx.PageSize;
        _highWater = tx.Meta.HighWater;
        _owner = new byte[_highWater];
    }

    public IReadOnlyList<string> Run()
    {
        var meta = _tx.Meta;
        if ((long)_highWater * _pageSize > _fileLength)
        {
            Report($"meta {meta.Txid % 2}: high-water mark {_highWater} is past the end of the file ({_fileLength} bytes)");
            return _problems;
        }

        _owner[0] = _owner[1] = 1;
        CheckCommitPage(meta);
        int leafDepth = -1;
        CheckTree(meta.DirectoryRoot, [], null, 0, ref leafDepth, isDirectory: true);
        for (ulong page = 0; page < _highWater && _problems.Count < MaxProblems; page++)
        {
            if (_owner[page] == 0)
            {
                Report($"page {page}: unreachable and not free");
            }
        }

        return _problems;
    }

    private void Report(string problem)
    {
        if (_problems.Count < MaxProblems)
        {
            _problems.Add(problem);
        }
    }

    private bool Claim(ulong start, ulong count, string what)
    {
        if (start < 2 || count == 0 || start + count > _highWater)
        {
            Report($"page {start}: {what} run of {count} pages out of range (high water {_highWater})");
            return false;
        }

        bool ok = true;
        for (ulong page = start; page < start + count; page++)
        {
            if (_owner[page] != 0)
            {
                Report($"page {page}: {what} but already reachable or free elsewhere");
                ok = false;
            }

            _owner[page] = 1;
        }

        return ok;
    }

    private byte* VerifiedPage(ulong pageId, string what)
    {
        if (pageId < 2 || pageId >= _highWater)
        {
            Report($"page {pageId}: {what} out of range (high water {_highWater})");
            return null;
        }

        byte* page = _tx.Base + (long)pageId * _pageSize;
        string? problem = PageChecks.Verify(page, pageId, _highWater, _pageSize);
        if (problem is not null)
        {
            Report($"page {pageId}: {what}: {problem}");
            return null;
        }

        return Claim(pageId, ((PageHeader*)page)->Overflow + 1UL, what) ? page : null;
    }

    private void CheckCommitPage(MetaState meta)
    {
        byte* page = VerifiedPage(meta.CommitPage, "commit page");
        if (page is null)
        {
            return;
        }

        if (((PageHeader*)page)->Flags != PageFlags.Commit || ((PageHeader*)page)->Overflow + 1 != meta.CommitPages)
        {
            Report($"page {meta.CommitPage}: not the commit page run the meta names");
            return;
        }

        var runs = CommitPageWriter.Read(page, _pageSize);
        if (runs is null)
        {
            Report($"page {meta.CommitPage}: commit page run counts out of range");
            return;
        }

        foreach (var run in runs.Value.Free)
        {
            Claim(run.Start, run.Count, "free");
        }
    }

    private void CheckTree(ulong pageId, byte[] lower, byte[]? upper, int depth, ref int leafDepth, bool isDirectory)
    {
        if (_problems.Count >= MaxProblems || depth > 64)
        {
            return;
        }

        byte* page = VerifiedPage(pageId, isDirectory ? "directory page" : "tree page");
        if (page is null)
        {
            return;
        }

        var header = (PageHeader*)page;
        bool leaf = header->Flags == PageFlags.Leaf;
        if (!leaf && header->Flags != PageFlags.Branch)
        {
            Report($"page {pageId}: expected a branch or leaf page, found flags 0x{header->Flags:x}");
            return;
        }

        if (!CheckElements(page, pageId, leaf, lower, upper))
        {
            return;
        }

        var node = new NodeRef(page);
        if (leaf)
        {
            if (leafDepth < 0)
            {
                leafDepth = depth;
            }
            else if (leafDepth != depth)
            {
                Report($"page {pageId}: leaf at depth {depth}, other leaves at depth {leafDepth}");
            }

            if (isDirectory)
            {
                CheckBuckets(node, pageId);
            }

            return;
        }

        if (header->Count == 0)
        {
            Report($"page {pageId}: empty branch page");
        }

        for (int i = 0; i < header->Count; i++)
        {
            byte[] childLower = i == 0 ? lower : node.Key(i).ToArray();
            byte[]? childUpper = i + 1 < header->Count ? node.Key(i + 1).ToArray() : upper;
            CheckTree(node.Child(i), childLower, childUpper, depth + 1, ref leafDepth, isDirectory);
        }
    }

    private void CheckBuckets(NodeRef node, ulong pageId)
    {
        for (int i = 0; i < node.Count; i++)
        {
            var key = node.Key(i);
            var value = node.Value(i);
            if (key.Length != 4 || value.Length != BucketRecord.Size)
            {
                Report($"page {pageId}: directory entry {i} has a {key.Length}-byte key and a {value.Length}-byte value");
                continue;
            }

            int bucketId = BinaryPrimitives.ReadInt32BigEndian(key);
            int leafDepth = -1;
            CheckTree(ReadTransaction.RootOfRecord(value), [], null, 0, ref leafDepth, isDirectory: false);
            if (bucketId < 1 || bucketId > 65535)
            {
                Report($"page {pageId}: directory entry for invalid bucket id {bucketId}");
            }
        }
    }

    private bool CheckElements(byte* page, ulong pageId, bool leaf, byte[] lower, byte[]? upper)
    {
        var header = (PageHeader*)page;
        long runBytes = (header->Overflow + 1L) * _pageSize;
        int elementSize = leaf ? LeafElement.Size : BranchElement.Size;
        long dataStart = PageHeader.Size + (long)header->Count * elementSize;
        if (dataStart > runBytes)
        {
            Report($"page {pageId}: {header->Count} elements do not fit the page");
            return false;
        }

        ReadOnlySpan<byte> previous = default;
        for (int i = 0; i < header->Count; i++)
        {
            long offset, size;
            if (leaf)
            {
                var e = (LeafElement*)(page + PageHeader.Size) + i;
                (offset, size) = (e->Offset, (long)e->KeySize + e->ValueSize);
                if (e->KeySize == 0)
                {
                    Report($"page {pageId}: element {i} has an empty key");
                    return false;
                }
            }
            else
            {
                var e = (BranchElement*)(page + PageHeader.Size) + i;
                (offset, size) = (e->Offset, e->KeySize);
            }

            if (offset < dataStart || offset + size > runBytes)
            {
                Report($"page {pageId}: element {i} points outside the page");
                return false;
            }

            var key = new NodeRef(page).Key(i);
            if (i > 0 && previous.SequenceCompareTo(key) >= 0)
            {
                Report($"page {pageId}: keys out of order at element {i}");
            }

            if ((i > 0 || leaf) && key.SequenceCompareTo(lower) < 0)
            {
                Report($"page {pageId}: element {i} is below its parent's separator");
            }

            if (upper is not null && key.SequenceCompareTo(upper) >= 0)
            {
                Report($"page {pageId}: element {i} is not below the next separator");
            }

            previous = key;
        }

        return true;
    }
}
