using Engine.Common;
using Engine.Common.Errors;
using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// The commit half of a write transaction for one tree: rebalance (merge nodes that fell under a quarter
/// page after deletes, collapse a one-child root), then spill (split every changed node evenly into the
/// fewest pages, write them to fresh pages, and rebuild the branch path above them).
/// </summary>
internal sealed unsafe class TreeSpiller
{
    private readonly WriteTransaction _tx;
    private readonly int _pageSize;

    public TreeSpiller(WriteTransaction tx)
    {
        _tx = tx;
        _pageSize = tx.PageSize;
    }

    /// <summary>Writes the changed part of <paramref name="tree"/> and returns its new root page.</summary>
    public ulong Spill(TreeView tree)
    {
        if (tree.RootNode is null)
        {
            return tree.RootPageId;
        }

        if (tree.HadDeletes)
        {
            RebalanceRoot(tree);
        }

        var entries = new List<Inode>();
        SpillNode(tree, tree.RootNode, entries, rightEdge: true);
        while (entries.Count > 1)
        {
            var branch = new Node(false, 0, 0, entries);
            entries = new List<Inode>();
            WriteNode(branch, entries);
        }

        if (entries.Count == 0)
        {
            WriteNode(new Node(true, 0, 0, []), entries, allowEmpty: true);
        }

        return entries[0].Child;
    }

    private void RebalanceRoot(TreeView tree)
    {
        var root = tree.RootNode!;
        if (!root.IsLeaf)
        {
            Rebalance(tree, root);
        }

        while (!root.IsLeaf && root.Inodes.Count == 1)
        {
            var child = _tx.LoadNode(tree, root.Inodes[0].Child);
            FreeNode(tree, root);
            root = child;
        }

        tree.RootNode = root;
    }

    private void Rebalance(TreeView tree, Node branch)
    {
        var nodes = tree.Nodes!;
        foreach (var inode in branch.Inodes)
        {
            if (nodes.TryGetValue(inode.Child, out var child) && !child.IsLeaf)
            {
                Rebalance(tree, child);
            }
        }

        int threshold = _pageSize / 4;
        int i = 0;
        while (i < branch.Inodes.Count && branch.Inodes.Count > 1)
        {
            if (!nodes.TryGetValue(branch.Inodes[i].Child, out var candidate) || (candidate.Inodes.Count > 0 && candidate.Size() >= threshold))
            {
                i++;
                continue;
            }

            int left = i > 0 ? i - 1 : 0;
            var leftNode = _tx.LoadNode(tree, branch.Inodes[left].Child);
            var rightNode = _tx.LoadNode(tree, branch.Inodes[left + 1].Child);
            InvariantViolationException.Check(leftNode.IsLeaf == rightNode.IsLeaf, $"siblings {leftNode.PageId} and {rightNode.PageId} differ in kind");
            leftNode.Inodes.AddRange(rightNode.Inodes);
            FreeNode(tree, rightNode);
            branch.Inodes.RemoveAt(left + 1);
            i = left;
            if (leftNode.Size() >= threshold)
            {
                i++;
            }
        }
    }

    private void FreeNode(TreeView tree, Node node)
    {
        if (node.PageId != 0)
        {
            tree.Nodes!.Remove(node.PageId);
            _tx.FreeRun(new PageRun(node.PageId, node.OriginalPages));
            node.PageId = 0;
        }
    }

    /// <param name="rightEdge">The node is the last one of its level (every ancestor's last child).</param>
    private void SpillNode(TreeView tree, Node node, List<Inode> output, bool rightEdge)
    {
        bool fillFull;
        if (!node.IsLeaf)
        {
            var nodes = tree.Nodes!;
            var rebuilt = new List<Inode>(node.Inodes.Count + 8);
            List<Inode>? childEntries = null;
            int last = node.Inodes.Count - 1;
            bool grewOnlyAtEnd = !tree.HadDeletes;
            int added = 0;
            for (int i = 0; i <= last; i++)
            {
                var inode = node.Inodes[i];
                if (nodes.TryGetValue(inode.Child, out var child))
                {
                    childEntries ??= new List<Inode>();
                    childEntries.Clear();
                    SpillNode(tree, child, childEntries, rightEdge && i == last);
                    rebuilt.AddRange(childEntries);
                    added += childEntries.Count - 1;
                    grewOnlyAtEnd &= i == last || childEntries.Count == 1;
                }
                else
                {
                    rebuilt.Add(inode);
                }
            }

            node.Inodes = rebuilt;
            fillFull = grewOnlyAtEnd && added > 0 && (rightEdge || added >= 2);
        }
        else
        {
            fillFull = node.OnlyAppended && node.Appended > 0 && (rightEdge || node.Appended >= 2);
        }

        if (node.PageId != 0)
        {
            _tx.FreeRun(new PageRun(node.PageId, node.OriginalPages));
            node.PageId = 0;
        }

        if (node.Inodes.Count > 0)
        {
            WriteNode(node, output, fillFull: fillFull);
        }
    }

    /// <summary>
    /// Splits <paramref name="node"/> into the fewest pages and writes each one: filled evenly, or (keys
    /// that arrived in order, <paramref name="fillFull"/>) every page but the last filled completely, as
    /// later keys will land after them and the full pages would otherwise stay half empty forever.
    /// </summary>
    private void WriteNode(Node node, List<Inode> output, bool allowEmpty = false, bool fillFull = false)
    {
        var inodes = node.Inodes;
        long usable = _pageSize - PageHeader.Size;
        long payload = node.Size() - PageHeader.Size;
        if (payload <= usable)
        {
            if (inodes.Count > 0 || allowEmpty)
            {
                output.Add(WriteChunk(node.IsLeaf, inodes, 0, inodes.Count, payload));
            }

            return;
        }

        long chunks = (payload + usable - 1) / usable;
        long target = fillFull ? usable : payload / chunks;
        int start = 0;
        long size = 0;
        for (int i = 0; i < inodes.Count; i++)
        {
            long element = Node.ElementSize(node.IsLeaf, inodes[i]);
            // A branch page holds at least two children, so every level has fewer pages than the one below.
            int minimum = node.IsLeaf ? 1 : 2;
            if (i - start >= minimum && (size + element > usable || size >= target))
            {
                output.Add(WriteChunk(node.IsLeaf, inodes, start, i, size));
                start = i;
                size = 0;
            }

            size += element;
        }

        output.Add(WriteChunk(node.IsLeaf, inodes, start, inodes.Count, size));
    }

    private Inode WriteChunk(bool leaf, List<Inode> inodes, int from, int to, long payload)
    {
        long bytes = PageHeader.Size + payload;
        int pages = checked((int)((bytes + _pageSize - 1) / _pageSize));
        ulong pageId = _tx.AllocatePages(pages);
        var buffer = _tx.Db.RentPageBuffer(pages);
        fixed (byte* page = buffer)
        {
            var header = (PageHeader*)page;
            header->PageId = pageId;
            header->Txid = _tx.TxId;
            header->Flags = leaf ? PageFlags.Leaf : PageFlags.Branch;
            header->Count = checked((ushort)(to - from));
            header->Overflow = (uint)(pages - 1);
            int count = to - from;
            uint offset = (uint)(PageHeader.Size + count * (leaf ? LeafElement.Size : BranchElement.Size));
            for (int i = 0; i < count; i++)
            {
                var inode = inodes[from + i];
                var key = inode.Key.Span;
                key.CopyTo(new Span<byte>(page + offset, key.Length));
                if (leaf)
                {
                    var value = inode.Value.Span;
                    var element = (LeafElement*)(page + PageHeader.Size) + i;
                    element->Offset = offset;
                    element->KeySize = (ushort)key.Length;
                    element->ValueSize = (uint)value.Length;
                    value.CopyTo(new Span<byte>(page + offset + key.Length, value.Length));
                    offset += (uint)(key.Length + value.Length);
                }
                else
                {
                    var element = (BranchElement*)(page + PageHeader.Size) + i;
                    element->ChildPageId = inode.Child;
                    element->Offset = offset;
                    element->KeySize = (uint)key.Length;
                    offset += (uint)key.Length;
                }
            }

            new Span<byte>(page + offset, pages * _pageSize - (int)offset).Clear();
            header->Checksum = Checksum.Hash64(new ReadOnlySpan<byte>(page + 8, pages * _pageSize - 8));
        }

        _tx.AddDirty(new DirtyPage(pageId, pages, buffer));
        return new Inode { Key = to > from ? inodes[from].Key : default, Child = pageId };
    }
}
