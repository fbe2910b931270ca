using Engine.Common.Errors;
using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// The one read-write transaction (one at a time). Changes are copy-on-write: touched pages become
/// in-memory nodes, and <see cref="Commit"/> writes them to fresh pages and makes them durable before
/// it returns. Disposing without committing rolls back.
/// </summary>
public sealed unsafe class WriteTransaction : ReadTransaction
{
    public const int MaxKeySize = 32768;
    public const int MaxValueSize = 1 << 30;

    private readonly Dictionary<int, TreeView> _trees = new();
    private readonly HashSet<int> _deletedBuckets = new();
    private readonly TreeView _directory;
    private readonly List<PageRun> _freed = new();
    private readonly List<DirtyPage> _dirty = new();
    private readonly PutArena _arena = new();
    private ulong _highWater;

    internal WriteTransaction(BTreeDatabase db, MetaState meta, MapLease lease)
        : base(db, meta, lease, meta.Txid + 1)
    {
        _directory = new TreeView(meta.DirectoryRoot, writable: true);
        _highWater = meta.HighWater;
    }

    public void CreateBucket(int bucketId)
    {
        CheckBucketId(bucketId);
        if (OpenTree(bucketId) is not null)
        {
            return;
        }

        var tree = new TreeView(0, writable: true) { RootNode = new Node(true, 0, 0, []), Dirty = true };
        _trees[bucketId] = tree;
        _deletedBuckets.Remove(bucketId);
        Span<byte> record = stackalloc byte[BucketRecord.Size];
        WriteRecord(record, 0);
        PutInto(_directory, BucketKeyBytes(bucketId), Bytes.CopyOf(record));
        Changed();
    }

    public void DeleteBucket(int bucketId)
    {
        CheckBucketId(bucketId);
        var tree = OpenTree(bucketId);
        if (tree is null)
        {
            return;
        }

        if (tree.RootPageId != 0)
        {
            FreeTreePages(tree.RootPageId);
        }

        _trees.Remove(bucketId);
        _deletedBuckets.Add(bucketId);
        Span<byte> key = stackalloc byte[4];
        BucketKey(bucketId, key);
        DeleteFrom(_directory, key);
        Changed();
    }

    public void Put(int bucketId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (key.Length < 1 || key.Length > MaxKeySize)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key.Length, $"keys are 1..{MaxKeySize} bytes");
        }

        if (value.Length > MaxValueSize)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value.Length, $"values are at most {MaxValueSize} bytes");
        }

        var tree = RequireTree(bucketId);
        var (copy, at) = _arena.Copy(key, value);
        PutInto(tree, new Bytes(copy, at, key.Length), new Bytes(copy, at + key.Length, value.Length));
        Changed();
    }

    public bool Delete(int bucketId, ReadOnlySpan<byte> key)
    {
        var tree = RequireTree(bucketId);
        bool deleted = DeleteFrom(tree, key);
        if (deleted)
        {
            Changed();
        }

        return deleted;
    }

    public void Commit()
    {
        EnsureOpen();
        try
        {
            Db.ThrowIfFailed();
            if (!_directory.Dirty && _trees.Values.All(t => !t.Dirty))
            {
                return;
            }

            Db.CommitTransaction(this);
        }
        finally
        {
            End();
        }
    }

    public void Rollback() => End();

    public override void Dispose()
    {
        End();
        GC.SuppressFinalize(this);
    }

    internal ulong HighWater => _highWater;

    internal IReadOnlyList<DirtyPage> DirtyPages => _dirty;

    internal List<PageRun> FreedRuns => _freed;

    /// <summary>Rebalances and spills every changed tree, then the directory; returns the new directory root.</summary>
    internal ulong SpillAll()
    {
        var spiller = new TreeSpiller(this);
        Span<byte> record = stackalloc byte[BucketRecord.Size];
        foreach (var (bucketId, tree) in _trees.OrderBy(kv => kv.Key))
        {
            if (!tree.Dirty)
            {
                continue;
            }

            ulong root = spiller.Spill(tree);
            WriteRecord(record, root);
            PutInto(_directory, BucketKeyBytes(bucketId), Bytes.CopyOf(record));
        }

        return spiller.Spill(_directory);
    }

    internal ulong AllocatePages(int count)
    {
        ulong pageId = Db.Freelist.Allocate(count);
        if (pageId == 0)
        {
            pageId = _highWater;
            _highWater += (ulong)count;
        }

        return pageId;
    }

    internal void FreeRun(PageRun run) => _freed.Add(run);

    internal void AddDirty(DirtyPage page) => _dirty.Add(page);

    internal override TreeView? OpenTree(int bucketId)
    {
        EnsureOpen();
        if (_trees.TryGetValue(bucketId, out var tree))
        {
            return tree;
        }

        if (_deletedBuckets.Contains(bucketId))
        {
            return null;
        }

        Span<byte> key = stackalloc byte[4];
        BucketKey(bucketId, key);
        if (!Find(_directory, key, out var record))
        {
            return null;
        }

        tree = new TreeView(RootOfRecord(record), writable: true);
        _trees[bucketId] = tree;
        return tree;
    }

    /// <summary>The node for <paramref name="pageId"/> in <paramref name="tree"/>, read from its page the first time.</summary>
    internal Node LoadNode(TreeView tree, ulong pageId)
    {
        if (tree.Nodes!.TryGetValue(pageId, out var node))
        {
            return node;
        }

        node = Node.FromPage(Page(pageId), pageId);
        tree.Nodes[pageId] = node;
        return node;
    }

    private TreeView RequireTree(int bucketId) =>
        OpenTree(CheckBucketId(bucketId)) ?? throw new InvalidOperationException($"bucket {bucketId} does not exist");

    private void Changed()
    {
        Version++;
        ForgetCachedTree();
    }

    private static Bytes BucketKeyBytes(int bucketId)
    {
        var key = new byte[4];
        BucketKey(bucketId, key);
        return new Bytes(key, 0, 4);
    }

    private Node LeafFor(TreeView tree, ReadOnlySpan<byte> key)
    {
        tree.RootNode ??= LoadNode(tree, tree.RootPageId);
        var node = tree.RootNode;
        while (!node.IsLeaf)
        {
            node = LoadNode(tree, node.Inodes[node.ChildIndex(key)].Child);
        }

        return node;
    }

    private void PutInto(TreeView tree, Bytes key, Bytes value)
    {
        LeafFor(tree, key.Span).Put(key, value);
        tree.Dirty = true;
    }

    private bool DeleteFrom(TreeView tree, ReadOnlySpan<byte> key)
    {
        if (!Find(tree, key, out _))
        {
            return false;
        }

        LeafFor(tree, key).Delete(key);
        tree.Dirty = true;
        tree.HadDeletes = true;
        return true;
    }

    private void FreeTreePages(ulong pageId)
    {
        byte* page = Page(pageId);
        var header = (PageHeader*)page;
        _freed.Add(new PageRun(pageId, header->Overflow + 1UL));
        if ((header->Flags & PageFlags.Branch) != 0)
        {
            var elements = (BranchElement*)(page + PageHeader.Size);
            for (int i = 0; i < header->Count; i++)
            {
                FreeTreePages(elements[i].ChildPageId);
            }
        }
    }

    private void End()
    {
        if (!Closed)
        {
            Closed = true;
            PoisonGuardedSpans();
            Db.EndWrite(this);
        }
    }

    internal static void ThrowInvariant(string message) => throw new InvariantViolationException(message);
}
