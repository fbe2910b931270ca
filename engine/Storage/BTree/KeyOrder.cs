using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Engine.Storage.BTree;

/// <summary>
/// Unsigned byte order (memcmp) of keys, with a fast path for the common short keys: the first 16 bytes
/// are compared as two big-endian 64-bit words before falling back to the general comparison.
/// </summary>
internal static class KeyOrder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length >= 8 && b.Length >= 8)
        {
            ulong x = BinaryPrimitives.ReadUInt64BigEndian(a);
            ulong y = BinaryPrimitives.ReadUInt64BigEndian(b);
            if (x != y)
            {
                return x < y ? -1 : 1;
            }

            if (a.Length >= 16 && b.Length >= 16)
            {
                x = BinaryPrimitives.ReadUInt64BigEndian(a[8..]);
                y = BinaryPrimitives.ReadUInt64BigEndian(b[8..]);
                if (x != y)
                {
                    return x < y ? -1 : 1;
                }

                if (a.Length == 16 && b.Length == 16)
                {
                    return 0;
                }

                return a[16..].SequenceCompareTo(b[16..]);
            }

            return a[8..].SequenceCompareTo(b[8..]);
        }

        return a.SequenceCompareTo(b);
    }
}
