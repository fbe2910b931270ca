namespace Engine.Auth.Permissions;

/// <summary>
/// A half-open key interval [Begin, End); <see cref="End"/> null means open-ended (every key from Begin on),
/// etcd's "affine" largest bound. A single key k is the interval [k, k+"\0").
/// </summary>
public readonly record struct KeyInterval(byte[] Begin, byte[]? End)
{
    private static readonly byte[] OpenEndMarker = [0];

    /// <summary>The interval of one key: [key, key+"\0").</summary>
    public static KeyInterval Point(byte[] key)
    {
        var end = new byte[key.Length + 1];
        key.CopyTo(end, 0);
        return new KeyInterval(key, end);
    }

    /// <summary>
    /// The keys a (key, range_end) pair names with etcd's Range rules: an empty range_end is the key alone,
    /// range_end "\0" is every key ≥ key, anything else is [key, range_end).
    /// </summary>
    public static KeyInterval FromRange(byte[] key, byte[]? rangeEnd)
    {
        if (rangeEnd is null || rangeEnd.Length == 0)
        {
            return Point(key);
        }

        return IsOpenEnd(rangeEnd) ? new KeyInterval(key, null) : new KeyInterval(key, rangeEnd);
    }

    /// <summary>range_end "\0": open-ended.</summary>
    public static bool IsOpenEnd(ReadOnlySpan<byte> rangeEnd) => rangeEnd.SequenceEqual(OpenEndMarker);

    /// <summary>Compares two upper bounds; null (open) is the largest.</summary>
    public static int CompareEnds(byte[]? a, byte[]? b)
    {
        if (a is null)
        {
            return b is null ? 0 : 1;
        }

        return b is null ? -1 : a.AsSpan().SequenceCompareTo(b);
    }

    /// <summary>Compares a key with an upper bound (null = open, larger than every key).</summary>
    public static int CompareKeyToEnd(ReadOnlySpan<byte> key, byte[]? end) => end is null ? -1 : key.SequenceCompareTo(end);
}
