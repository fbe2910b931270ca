namespace Engine.Auth.Permissions;

/// <summary>Orders byte arrays lexicographically (bbolt's key order).</summary>
public sealed class ByteArrayComparer : IComparer<byte[]>
{
    public static readonly ByteArrayComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
