namespace Engine.Storage.BTree;

/// <summary>
/// An ordered cursor over one bucket: First, Last, Seek (first key &gt;= k), Next, Prev. Key and Value are
/// spans over the map (or the write transaction's own nodes), valid only inside the transaction. In a write
/// transaction the cursor sees the transaction's own writes: after a change it re-seeks its last key.
/// </summary>
public sealed class BTreeCursor : IDisposable
{
    private readonly ReadTransaction _tx;
    private readonly TreeView _tree;
    private NodeRef[] _path = new NodeRef[8];
    private int[] _index = new int[8];
    private int _depth;
    private bool _valid;
    private long _version;
    private Bytes _savedKey;

    internal BTreeCursor(ReadTransaction tx, TreeView tree)
    {
        _tx = tx;
        _tree = tree;
    }

    public ReadOnlySpan<byte> Key => _valid ? _tx.Guard(_path[_depth - 1].Key(_index[_depth - 1])) : throw new InvalidOperationException("the cursor is not on an entry");

    public ReadOnlySpan<byte> Value => _valid ? _tx.Guard(_path[_depth - 1].Value(_index[_depth - 1])) : throw new InvalidOperationException("the cursor is not on an entry");

    public bool First()
    {
        StartAtRoot(last: false);
        Descend(last: false);
        return Settle(_path[_depth - 1].Count > 0 || NextLeaf());
    }

    public bool Last()
    {
        StartAtRoot(last: true);
        Descend(last: true);
        return Settle(_path[_depth - 1].Count > 0 || PrevLeaf());
    }

    public bool Seek(ReadOnlySpan<byte> key)
    {
        StartAtRoot(last: false);
        while (!_path[_depth - 1].IsLeaf)
        {
            var node = _path[_depth - 1];
            int child = node.ChildIndex(key);
            _index[_depth - 1] = child;
            Push(_tx.ChildOf(_tree, node.Child(child)), 0);
        }

        var leaf = _path[_depth - 1];
        int index = leaf.LowerBound(key, out _);
        _index[_depth - 1] = index;
        return Settle(index < leaf.Count || NextLeaf());
    }

    public bool Next()
    {
        if (!_valid)
        {
            return false;
        }

        if (_version != _tx.Version)
        {
            var saved = _savedKey;
            if (!Seek(saved.Span))
            {
                return false;
            }

            if (!Key.SequenceEqual(saved.Span))
            {
                return true;
            }
        }

        int level = _depth - 1;
        if (++_index[level] < _path[level].Count)
        {
            return Settle(true);
        }

        return Settle(NextLeaf());
    }

    public bool Prev()
    {
        if (!_valid)
        {
            return false;
        }

        if (_version != _tx.Version)
        {
            var saved = _savedKey;
            if (!Seek(saved.Span))
            {
                return Last();
            }
        }

        int level = _depth - 1;
        if (--_index[level] >= 0)
        {
            return Settle(true);
        }

        return Settle(PrevLeaf());
    }

    public void Dispose()
    {
        _valid = false;
    }

    private void StartAtRoot(bool last)
    {
        _depth = 0;
        var root = _tx.RootOf(_tree);
        Push(root, last ? root.Count - 1 : 0);
    }

    private void Push(NodeRef node, int index)
    {
        if (_depth == _path.Length)
        {
            Array.Resize(ref _path, _depth * 2);
            Array.Resize(ref _index, _depth * 2);
        }

        _path[_depth] = node;
        _index[_depth] = index;
        _depth++;
    }

    /// <summary>From the current level down to a leaf, always taking the first (or last) child.</summary>
    private void Descend(bool last)
    {
        while (!_path[_depth - 1].IsLeaf)
        {
            var node = _path[_depth - 1];
            var child = _tx.ChildOf(_tree, node.Child(_index[_depth - 1]));
            Push(child, last ? child.Count - 1 : 0);
        }
    }

    private bool NextLeaf()
    {
        while (true)
        {
            int level = _depth - 2;
            while (level >= 0 && _index[level] + 1 >= _path[level].Count)
            {
                level--;
            }

            if (level < 0)
            {
                return false;
            }

            _index[level]++;
            _depth = level + 1;
            Descend(last: false);
            if (_path[_depth - 1].Count > 0)
            {
                return true;
            }
        }
    }

    private bool PrevLeaf()
    {
        while (true)
        {
            int level = _depth - 2;
            while (level >= 0 && _index[level] <= 0)
            {
                level--;
            }

            if (level < 0)
            {
                return false;
            }

            _index[level]--;
            _depth = level + 1;
            Descend(last: true);
            if (_path[_depth - 1].Count > 0)
            {
                return true;
            }
        }
    }

    private bool Settle(bool valid)
    {
        _valid = valid;
        _version = _tx.Version;
        if (valid && _tree.Nodes is not null)
        {
            var leaf = _path[_depth - 1];
            int index = _index[_depth - 1];
            _savedKey = leaf.Node is not null ? leaf.Node.Inodes[index].Key : Bytes.CopyOf(leaf.Key(index));
        }

        return valid;
    }
}
