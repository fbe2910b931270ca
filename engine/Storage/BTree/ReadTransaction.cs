using System.Buffers.Binary;
using Engine.Common.Errors;
using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// A read-only snapshot of the database: it sees the last commit made before it began, for as long as it
/// is open, and never blocks (or is blocked by) the writer. Spans it returns are valid only until it ends.
/// </summary>
public unsafe class ReadTransaction : IDisposable
{
    private readonly Dictionary<int, TreeView?> _trees = new();
    private readonly TreeView _directoryView;
    private int _lastBucket;
    private TreeView? _lastTree;
    private List<byte[]>? _guarded;

    internal ReadTransaction(BTreeDatabase db, MetaState meta, MapLease lease, ulong txid)
    {
        Db = db;
        Meta = meta;
        Lease = lease;
        Base = lease.Base;
        PageSize = db.PageSize;
        TxId = txid;
        _directoryView = new TreeView(meta.DirectoryRoot, writable: false);
    }

    public long Id => (long)TxId;

    internal BTreeDatabase Db { get; }

    internal MetaState Meta { get; }

    internal MapLease Lease { get; }

    internal byte* Base { get; }

    internal int PageSize { get; }

    internal ulong TxId { get; }

    /// <summary>Bumped by every change a write transaction makes (cursors re-seek when it moved).</summary>
    internal long Version { get; private protected set; }

    private protected bool Closed { get; set; }

    public bool BucketExists(int bucketId) => OpenTree(CheckBucketId(bucketId)) is not null;

    public bool TryGet(int bucketId, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        TreeView? tree;
        if (bucketId == _lastBucket && _lastTree is not null)
        {
            tree = _lastTree;
        }
        else
        {
            tree = OpenTree(CheckBucketId(bucketId));
            _lastBucket = bucketId;
            _lastTree = tree;
        }

        if (tree is null)
        {
            value = default;
            return false;
        }

        bool found = Find(tree, key, out value);
        if (found)
        {
            value = Guard(value);
        }

        return found;
    }

    public BTreeCursor OpenCursor(int bucketId)
    {
        var tree = OpenTree(CheckBucketId(bucketId)) ?? throw new InvalidOperationException($"bucket {bucketId} does not exist");
        return new BTreeCursor(this, tree);
    }

    public virtual void Dispose()
    {
        if (!Closed)
        {
            Closed = true;
            PoisonGuardedSpans();
            Db.EndRead(this);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>With <see cref="BTreeOptions.GuardSpans"/>: a copy of <paramref name="span"/> poisoned when the transaction ends.</summary>
    internal ReadOnlySpan<byte> Guard(ReadOnlySpan<byte> span)
    {
        if (!Db.GuardSpans)
        {
            return span;
        }

        byte[] copy = span.ToArray();
        (_guarded ??= []).Add(copy);
        return copy;
    }

    private protected void PoisonGuardedSpans()
    {
        if (_guarded is null)
        {
            return;
        }

        foreach (byte[] copy in _guarded)
        {
            copy.AsSpan().Fill(0xDD);
        }

        _guarded = null;
    }

    internal static int CheckBucketId(int bucketId)
    {
        if (bucketId < 1 || bucketId > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(bucketId), bucketId, "bucket ids are 1..65535");
        }

        return bucketId;
    }

    internal static void BucketKey(int bucketId, Span<byte> key) => BinaryPrimitives.WriteInt32BigEndian(key, bucketId);

    /// <summary>The tree of a bucket, or null when the bucket does not exist.</summary>
    internal virtual TreeView? OpenTree(int bucketId)
    {
        EnsureOpen();
        if (_trees.TryGetValue(bucketId, out var tree))
        {
            return tree;
        }

        tree = null;
        Span<byte> key = stackalloc byte[4];
        BucketKey(bucketId, key);
        if (Find(_directoryView, key, out var record))
        {
            tree = new TreeView(BinaryPrimitives.ReadUInt64LittleEndian(record), writable: false);
        }

        _trees[bucketId] = tree;
        return tree;
    }

    internal bool Find(TreeView tree, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        var node = RootOf(tree);
        while (!node.IsLeaf)
        {
            node = ChildOf(tree, node.Child(node.ChildIndex(key)));
        }

        int index = node.LowerBound(key, out bool exact);
        value = exact ? node.Value(index) : default;
        return exact;
    }

    internal NodeRef RootOf(TreeView tree) => tree.RootNode is not null ? new NodeRef(tree.RootNode) : new NodeRef(Page(tree.RootPageId));

    internal NodeRef ChildOf(TreeView tree, ulong pageId)
    {
        if (tree.Nodes is not null && tree.Nodes.TryGetValue(pageId, out var node))
        {
            return new NodeRef(node);
        }

        return new NodeRef(Page(pageId));
    }

    /// <summary>The mapped page, bounds- and checksum-checked (a corrupt page throws, naming its id).</summary>
    internal byte* Page(ulong pageId)
    {
        if (pageId < 2 || pageId >= Meta.HighWater)
        {
            throw new EngineFatalException($"page {pageId}: out of range (high water {Meta.HighWater}); the file is corrupt");
        }

        byte* page = Base + (long)pageId * PageSize;
        if (!Db.Verifier.IsVerified(pageId))
        {
            Db.VerifyPage(page, pageId, Meta.HighWater);
        }

        return page;
    }

    private protected void ForgetCachedTree()
    {
        _lastBucket = 0;
        _lastTree = null;
    }

    private protected void EnsureOpen()
    {
        if (Closed)
        {
            throw new ObjectDisposedException(GetType().Name, "the transaction has ended");
        }
    }

    internal static ulong RootOfRecord(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt64LittleEndian(record);

    internal static void WriteRecord(Span<byte> record, ulong root)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(record, root);
        BinaryPrimitives.WriteUInt64LittleEndian(record[8..], 0);
    }

    internal static int RecordSize => BucketRecord.Size;
}
