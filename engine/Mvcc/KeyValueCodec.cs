using Engine.Protocol;

namespace Engine.Mvcc;

/// <summary>
/// The compact binary encoding of a <see cref="KeyValue"/> stored as a key-bucket value (see FORMAT.md):
/// a format byte, then LEB128 varints of key length, create, mod, version and lease, the key bytes and the value bytes.
/// </summary>
public static class KeyValueCodec
{
    public const byte FormatVersion = 1;

    /// <summary>Upper bound of the encoded size of a record.</summary>
    public static int MaxEncodedLength(int keyLength, int valueLength) => 1 + (5 * 10) + keyLength + valueLength;

    public static int Encode(ReadOnlySpan<byte> key, long create, long mod, long version, long lease, ReadOnlySpan<byte> value, Span<byte> destination)
    {
        destination[0] = FormatVersion;
        int at = 1;
        at += WriteVarint((ulong)key.Length, destination[at..]);
        at += WriteVarint((ulong)create, destination[at..]);
        at += WriteVarint((ulong)mod, destination[at..]);
        at += WriteVarint((ulong)version, destination[at..]);
        at += WriteVarint((ulong)lease, destination[at..]);
        key.CopyTo(destination[at..]);
        at += key.Length;
        value.CopyTo(destination[at..]);
        return at + value.Length;
    }

    public static byte[] Encode(KeyValue kv)
    {
        var key = kv.Key ?? [];
        var value = kv.Value ?? [];
        var buffer = new byte[MaxEncodedLength(key.Length, value.Length)];
        int n = Encode(key, kv.CreateRevision, kv.ModRevision, kv.Version, kv.Lease, value, buffer);
        return buffer.AsSpan(0, n).ToArray();
    }

    /// <summary>Decodes the header fields without copying key or value.</summary>
    public static DecodedKeyValue DecodeHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0 || data[0] != FormatVersion)
        {
            throw new FormatException($"unknown key-value record format {(data.Length == 0 ? -1 : data[0])}");
        }

        int at = 1;
        ulong keyLength = ReadVarint(data, ref at);
        long create = (long)ReadVarint(data, ref at);
        long mod = (long)ReadVarint(data, ref at);
        long version = (long)ReadVarint(data, ref at);
        long lease = (long)ReadVarint(data, ref at);
        if (keyLength > (ulong)(data.Length - at))
        {
            throw new FormatException("key-value record truncated");
        }

        return new DecodedKeyValue(at, (int)keyLength, create, mod, version, lease);
    }

    public static KeyValue Decode(ReadOnlySpan<byte> data, bool withValue = true)
    {
        var h = DecodeHeader(data);
        return new KeyValue
        {
            Key = data.Slice(h.KeyOffset, h.KeyLength).ToArray(),
            CreateRevision = h.CreateRevision,
            ModRevision = h.ModRevision,
            Version = h.Version,
            Lease = h.Lease,
            Value = withValue ? data[(h.KeyOffset + h.KeyLength)..].ToArray() : null,
        };
    }

    private static int WriteVarint(ulong v, Span<byte> destination)
    {
        int i = 0;
        while (v >= 0x80)
        {
            destination[i++] = (byte)(v | 0x80);
            v >>= 7;
        }

        destination[i++] = (byte)v;
        return i;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (at >= data.Length)
            {
                throw new FormatException("key-value record truncated in a varint");
            }

            byte b = data[at++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new FormatException("key-value record has an overlong varint");
    }
}
