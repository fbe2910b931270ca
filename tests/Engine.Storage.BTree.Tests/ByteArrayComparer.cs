namespace Engine.Storage.BTree.Tests;

/// <summary>memcmp order for the SortedDictionary model.</summary>
public sealed class ByteArrayComparer : IComparer<byte[]>
{
    public static readonly ByteArrayComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y.AsSpan());
}
