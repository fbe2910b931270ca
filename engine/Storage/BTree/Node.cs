using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// The in-memory, mutable form of a page touched by a write transaction. Nodes mirror the page tree
/// during the transaction; merges and splits happen only at commit (rebalance, then spill).
/// </summary>
internal sealed unsafe class Node
{
    public Node(bool isLeaf, ulong pageId, uint originalPages, List<Inode> inodes)
    {
        IsLeaf = isLeaf;
        PageId = pageId;
        OriginalPages = originalPages;
        Inodes = inodes;
    }

    public bool IsLeaf { get; }

    /// <summary>The page this node was read from (0 for a node that never had a page).</summary>
    public ulong PageId { get; set; }

    /// <summary>Length of the page run it was read from (to free it).</summary>
    public uint OriginalPages { get; set; }

    public List<Inode> Inodes { get; set; }

    public static Node FromPage(byte* page, ulong pageId)
    {
        var header = (PageHeader*)page;
        int count = header->Count;
        var inodes = new List<Inode>(count + 4);
        bool leaf = (header->Flags & PageFlags.Leaf) != 0;
        if (leaf)
        {
            var elements = (LeafElement*)(page + PageHeader.Size);
            for (int i = 0; i < count; i++)
            {
                byte* key = page + elements[i].Offset;
                inodes.Add(new Inode
                {
                    Key = new Bytes(key, (int)elements[i].KeySize),
                    Value = new Bytes(key + elements[i].KeySize, (int)elements[i].ValueSize),
                });
            }
        }
        else
        {
            var elements = (BranchElement*)(page + PageHeader.Size);
            for (int i = 0; i < count; i++)
            {
                inodes.Add(new Inode
                {
                    Key = new Bytes(page + elements[i].Offset, (int)elements[i].KeySize),
                    Child = elements[i].ChildPageId,
                });
            }
        }

        return new Node(leaf, pageId, header->Overflow + 1, inodes);
    }

    /// <summary>Leaf: first index whose key is &gt;= <paramref name="key"/>; exact tells whether it is equal.</summary>
    public int LowerBound(ReadOnlySpan<byte> key, out bool exact)
    {
        int lo = 0, hi = Inodes.Count;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (KeyOrder.Compare(Inodes[mid].Key.Span, key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        exact = lo < Inodes.Count && Inodes[lo].Key.Span.SequenceEqual(key);
        return lo;
    }

    /// <summary>Branch: the child whose range holds <paramref name="key"/> (last separator &lt;= key, or 0).</summary>
    public int ChildIndex(ReadOnlySpan<byte> key)
    {
        int index = LowerBound(key, out bool exact);
        return exact ? index : Math.Max(0, index - 1);
    }

    /// <summary>
    /// True while every change this transaction made to the node appended a key after its last one (keys
    /// arriving in order): the spill then fills its pages completely instead of evenly.
    /// </summary>
    public bool OnlyAppended { get; private set; } = true;

    /// <summary>How many keys this transaction appended after the node's last key.</summary>
    public int Appended { get; private set; }

    public void Put(Bytes key, Bytes value)
    {
        int count = Inodes.Count;
        if (count == 0 || KeyOrder.Compare(Inodes[count - 1].Key.Span, key.Span) < 0)
        {
            Inodes.Add(new Inode { Key = key, Value = value });
            Appended++;
            return;
        }

        OnlyAppended = false;
        int index = LowerBound(key.Span, out bool exact);
        var inode = new Inode { Key = key, Value = value };
        if (exact)
        {
            Inodes[index] = inode;
        }
        else
        {
            Inodes.Insert(index, inode);
        }
    }

    public bool Delete(ReadOnlySpan<byte> key)
    {
        int index = LowerBound(key, out bool exact);
        if (!exact)
        {
            return false;
        }

        Inodes.RemoveAt(index);
        OnlyAppended = false;
        return true;
    }

    public static long ElementSize(bool leaf, in Inode inode) =>
        leaf ? LeafElement.Size + inode.Key.Length + (long)inode.Value.Length : BranchElement.Size + inode.Key.Length;

    public long Size()
    {
        long size = PageHeader.Size;
        foreach (var inode in Inodes)
        {
            size += ElementSize(IsLeaf, inode);
        }

        return size;
    }
}
