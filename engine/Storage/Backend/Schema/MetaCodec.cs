using System.Buffers.Binary;
using System.Text;

namespace Engine.Storage.Schema;

/// <summary>
/// Encoders and decoders for the scalar values kept in the meta, cluster and auth buckets, in etcd's
/// byte layouts (FORMAT.md): 8-byte big-endian integers, 17-byte revisions and ASCII versions.
/// </summary>
public static class MetaCodec
{
    /// <summary>Length of an encoded revision: main (8, big-endian) '_' sub (8, big-endian).</summary>
    public const int RevisionLength = 17;

    /// <summary>consistent_index, term, authRevision: 8 bytes big-endian.</summary>
    public static byte[] EncodeUInt64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>Decodes an 8-byte big-endian value; throws <see cref="FormatException"/> on any other length.</summary>
    public static ulong DecodeUInt64(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 8)
        {
            throw new FormatException($"expected an 8-byte big-endian integer, found {bytes.Length} bytes");
        }

        return BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }

    /// <summary>scheduledCompactRev, finishedCompactRev: etcd's revision bytes for {main, sub}.</summary>
    public static byte[] EncodeRevision(long main, long sub = 0)
    {
        var bytes = new byte[RevisionLength];
        BinaryPrimitives.WriteInt64BigEndian(bytes, main);
        bytes[8] = (byte)'_';
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(9), sub);
        return bytes;
    }

    /// <summary>Decodes revision bytes into (main, sub); throws <see cref="FormatException"/> when malformed.</summary>
    public static (long Main, long Sub) DecodeRevision(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != RevisionLength || bytes[8] != (byte)'_')
        {
            throw new FormatException($"expected a {RevisionLength}-byte revision, found {bytes.Length} bytes");
        }

        return (BinaryPrimitives.ReadInt64BigEndian(bytes), BinaryPrimitives.ReadInt64BigEndian(bytes[9..]));
    }

    /// <summary>storageVersion: "major.minor.0" (etcd stores only major.minor of the storage version).</summary>
    public static byte[] EncodeStorageVersion(int major, int minor) => Encoding.ASCII.GetBytes($"{major}.{minor}.0");

    /// <summary>clusterVersion: "major.minor.patch" ASCII.</summary>
    public static byte[] EncodeVersion(Version version) => Encoding.ASCII.GetBytes($"{version.Major}.{version.Minor}.{Math.Max(version.Build, 0)}");

    /// <summary>Parses "major.minor.patch" ASCII; throws <see cref="FormatException"/> when malformed.</summary>
    public static Version DecodeVersion(ReadOnlySpan<byte> bytes)
    {
        string text = Encoding.ASCII.GetString(bytes);
        string[] parts = text.Split('.');
        if (parts.Length != 3 || !Version.TryParse(text, out var version))
        {
            throw new FormatException($"expected a major.minor.patch version, found '{text}'");
        }

        return version;
    }

    /// <summary>authEnabled: one byte, 1 when enabled.</summary>
    public static byte[] EncodeBool(bool value) => [value ? (byte)1 : (byte)0];

    /// <summary>Decodes a one-byte boolean.</summary>
    public static bool DecodeBool(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 1 ? bytes[0] != 0 : throw new FormatException($"expected a 1-byte boolean, found {bytes.Length} bytes");
}
