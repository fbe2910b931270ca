namespace Engine.Mvcc.Index;

/// <summary>Orders keys bytewise (etcd's and the B+tree's key order).</summary>
internal sealed class KeyBytesComparer : IComparer<KeyIndex>
{
    public static readonly KeyBytesComparer Instance = new();

    public int Compare(KeyIndex? x, KeyIndex? y) => x!.Key.AsSpan().SequenceCompareTo(y!.Key);
}
