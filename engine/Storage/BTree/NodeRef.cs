using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// A position in a tree that is either a mapped page (unchanged since the snapshot) or an in-memory
/// <see cref="Node"/> (changed by the write transaction), so reads and cursors see a transaction's own writes.
/// </summary>
internal readonly unsafe struct NodeRef
{
    public readonly Node? Node;
    public readonly byte* Page;

    public NodeRef(Node node)
    {
        Node = node;
        Page = null;
    }

    public NodeRef(byte* page)
    {
        Node = null;
        Page = page;
    }

    public bool IsLeaf => Node is not null ? Node.IsLeaf : (((PageHeader*)Page)->Flags & PageFlags.Leaf) != 0;

    public int Count => Node is not null ? Node.Inodes.Count : ((PageHeader*)Page)->Count;

    public ReadOnlySpan<byte> Key(int index)
    {
        if (Node is not null)
        {
            return Node.Inodes[index].Key.Span;
        }

        if ((((PageHeader*)Page)->Flags & PageFlags.Leaf) != 0)
        {
            var e = (LeafElement*)(Page + PageHeader.Size) + index;
            return new ReadOnlySpan<byte>(Page + e->Offset, (int)e->KeySize);
        }

        var b = (BranchElement*)(Page + PageHeader.Size) + index;
        return new ReadOnlySpan<byte>(Page + b->Offset, (int)b->KeySize);
    }

    public ReadOnlySpan<byte> Value(int index)
    {
        if (Node is not null)
        {
            return Node.Inodes[index].Value.Span;
        }

        var e = (LeafElement*)(Page + PageHeader.Size) + index;
        return new ReadOnlySpan<byte>(Page + e->Offset + e->KeySize, (int)e->ValueSize);
    }

    public ulong Child(int index) =>
        Node is not null ? Node.Inodes[index].Child : ((BranchElement*)(Page + PageHeader.Size))[index].ChildPageId;

    /// <summary>First index whose key is &gt;= <paramref name="key"/>.</summary>
    public int LowerBound(ReadOnlySpan<byte> key, out bool exact)
    {
        if (Node is not null)
        {
            return Node.LowerBound(key, out exact);
        }

        int lo = 0, hi = ((PageHeader*)Page)->Count;
        int count = hi;
        if ((((PageHeader*)Page)->Flags & PageFlags.Leaf) != 0)
        {
            var elements = (LeafElement*)(Page + PageHeader.Size);
            while (lo < hi)
            {
                int mid = (int)((uint)(lo + hi) >> 1);
                var e = elements + mid;
                if (KeyOrder.Compare(new ReadOnlySpan<byte>(Page + e->Offset, (int)e->KeySize), key) < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
        }
        else
        {
            var elements = (BranchElement*)(Page + PageHeader.Size);
            while (lo < hi)
            {
                int mid = (int)((uint)(lo + hi) >> 1);
                var e = elements + mid;
                if (KeyOrder.Compare(new ReadOnlySpan<byte>(Page + e->Offset, (int)e->KeySize), key) < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
        }

        exact = lo < count && Key(lo).SequenceEqual(key);
        return lo;
    }

    /// <summary>Branch: the child whose range holds <paramref name="key"/>.</summary>
    public int ChildIndex(ReadOnlySpan<byte> key)
    {
        int index = LowerBound(key, out bool exact);
        return exact ? index : Math.Max(0, index - 1);
    }
}
