namespace Engine.Storage.BTree;

/// <summary>
/// One bucket's tree as a transaction sees it: its root page in the snapshot and, in a write
/// transaction, the nodes it has changed (keyed by the page they were read from).
/// </summary>
internal sealed class TreeView
{
    public TreeView(ulong rootPageId, bool writable)
    {
        RootPageId = rootPageId;
        Nodes = writable ? new Dictionary<ulong, Node>() : null;
    }

    /// <summary>Root page in the snapshot (0 for a bucket created by this transaction).</summary>
    public ulong RootPageId { get; set; }

    /// <summary>The root as a node once the write transaction touched the tree.</summary>
    public Node? RootNode { get; set; }

    public Dictionary<ulong, Node>? Nodes { get; }

    public bool Dirty { get; set; }

    public bool HadDeletes { get; set; }
}
