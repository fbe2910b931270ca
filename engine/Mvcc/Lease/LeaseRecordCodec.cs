using System.Buffers.Binary;

namespace Engine.Mvcc.Lease;

/// <summary>
/// Encoding of the <c>lease</c> bucket (FORMAT.md beside this file), identical to etcd's so an etcd db's leases read
/// back: key = the lease id as 8 big-endian bytes; value = protobuf leasepb.Lease
/// <c>{int64 ID = 1; int64 TTL = 2; int64 RemainingTTL = 3;}</c> (proto3: zero fields omitted).
/// </summary>
public static class LeaseRecordCodec
{
    /// <summary>Size of a key.</summary>
    public const int KeySize = 8;

    /// <summary>Largest value: three tags and three 10-byte varints.</summary>
    public const int MaxValueSize = 33;

    public static void EncodeKey(long id, Span<byte> destination) => BinaryPrimitives.WriteInt64BigEndian(destination, id);

    public static byte[] EncodeKey(long id)
    {
        var key = new byte[KeySize];
        EncodeKey(id, key);
        return key;
    }

    public static long DecodeKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new FormatException($"lease key must be {KeySize} bytes, got {key.Length}");
        }

        return BinaryPrimitives.ReadInt64BigEndian(key);
    }

    /// <summary>Writes the value into <paramref name="destination"/> (at least <see cref="MaxValueSize"/> bytes); returns its length.</summary>
    public static int EncodeValue(LeaseRecord record, Span<byte> destination)
    {
        int length = 0;
        length += WriteField(destination[length..], 1, record.Id);
        length += WriteField(destination[length..], 2, record.TtlSeconds);
        length += WriteField(destination[length..], 3, record.RemainingTtlSeconds);
        return length;
    }

    public static byte[] EncodeValue(LeaseRecord record)
    {
        Span<byte> buffer = stackalloc byte[MaxValueSize];
        return buffer[..EncodeValue(record, buffer)].ToArray();
    }

    /// <summary>Decodes a value; unknown fields are skipped; throws <see cref="FormatException"/> when malformed.</summary>
    public static LeaseRecord DecodeValue(ReadOnlySpan<byte> value)
    {
        long id = 0, ttl = 0, remaining = 0;
        int position = 0;
        while (position < value.Length)
        {
            ulong tag = ReadVarint(value, ref position);
            int field = (int)(tag >> 3);
            int wireType = (int)(tag & 7);
            if (wireType == 0 && field is >= 1 and <= 3)
            {
                long number = (long)ReadVarint(value, ref position);
                if (field == 1) id = number;
                else if (field == 2) ttl = number;
                else remaining = number;
            }
            else
            {
                SkipField(value, ref position, wireType);
            }
        }

        return new LeaseRecord(id, ttl, remaining);
    }

    /// <summary>Decodes one bucket entry and checks the key matches the id inside the value.</summary>
    public static LeaseRecord Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        long keyId = DecodeKey(key);
        LeaseRecord record = DecodeValue(value);
        if (record.Id != keyId)
        {
            throw new FormatException($"lease bucket key {keyId} holds a record for lease {record.Id}");
        }

        return record;
    }

    private static int WriteField(Span<byte> destination, int field, long number)
    {
        if (number == 0)
        {
            return 0;
        }

        destination[0] = (byte)(field << 3);
        return 1 + WriteVarint(destination[1..], (ulong)number);
    }

    private static int WriteVarint(Span<byte> destination, ulong number)
    {
        int length = 0;
        while (number >= 0x80)
        {
            destination[length++] = (byte)(number | 0x80);
            number >>= 7;
        }

        destination[length++] = (byte)number;
        return length;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> source, ref int position)
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (position >= source.Length)
            {
                throw new FormatException("truncated varint in lease record");
            }

            byte b = source[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new FormatException("varint longer than 10 bytes in lease record");
    }

    private static void SkipField(ReadOnlySpan<byte> source, ref int position, int wireType)
    {
        long skip = wireType switch
        {
            0 => 0,
            1 => 8,
            2 => (long)ReadVarint(source, ref position),
            5 => 4,
            _ => throw new FormatException($"unsupported protobuf wire type {wireType} in lease record"),
        };
        if (wireType == 0)
        {
            ReadVarint(source, ref position);
            return;
        }

        if (skip < 0 || skip > source.Length - position)
        {
            throw new FormatException("truncated field in lease record");
        }

        position += (int)skip;
    }
}
