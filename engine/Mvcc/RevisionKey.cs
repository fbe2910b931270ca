using System.Buffers.Binary;

namespace Engine.Mvcc;

/// <summary>
/// The key-bucket encoding of a revision (see FORMAT.md): 8-byte big-endian main, <c>_</c>, 8-byte big-endian
/// sub (17 bytes), plus a trailing <c>t</c> when the revision is a tombstone (18 bytes). Big-endian keeps the
/// byte order of keys equal to revision order.
/// </summary>
public static class RevisionKey
{
    public const int Length = 17;
    public const int TombstoneLength = 18;
    public const byte Separator = (byte)'_';
    public const byte TombstoneMark = (byte)'t';

    /// <summary>Writes the 17-byte (or 18-byte with <paramref name="tombstone"/>) key into <paramref name="destination"/>.</summary>
    public static int Write(Revision revision, bool tombstone, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, revision.Main);
        destination[8] = Separator;
        BinaryPrimitives.WriteInt64BigEndian(destination[9..], revision.Sub);
        if (!tombstone)
        {
            return Length;
        }

        destination[17] = TombstoneMark;
        return TombstoneLength;
    }

    public static byte[] ToBytes(Revision revision, bool tombstone = false)
    {
        var bytes = new byte[tombstone ? TombstoneLength : Length];
        Write(revision, tombstone, bytes);
        return bytes;
    }

    /// <summary>The 8-byte big-endian prefix of <paramref name="main"/>: every key of revisions below main sorts before it.</summary>
    public static byte[] MainPrefix(long main)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, main);
        return bytes;
    }

    public static Revision Read(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (Length or TombstoneLength) || key[8] != Separator)
        {
            throw new FormatException($"not a revision key: {key.Length} bytes");
        }

        return new Revision(BinaryPrimitives.ReadInt64BigEndian(key), BinaryPrimitives.ReadInt64BigEndian(key[9..]));
    }

    public static bool IsTombstone(ReadOnlySpan<byte> key) => key.Length == TombstoneLength && key[17] == TombstoneMark;
}
