using System.Buffers.Binary;

namespace Engine.Server.Entries;

/// <summary>
/// Reads the primitives written by <see cref="RequestBinaryWriter"/>; any truncation or out-of-range
/// length throws <see cref="InvalidDataException"/> naming the offset (a committed entry that does not
/// decode is a broken invariant, never a silent skip).
/// </summary>
internal ref struct RequestBinaryReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _offset;

    public readonly bool AtEnd => _offset == _data.Length;

    public byte Byte()
    {
        if (_offset >= _data.Length)
        {
            throw Truncated();
        }

        return _data[_offset++];
    }

    public ulong UVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException($"raft request: varint longer than 10 bytes at offset {_offset}");
    }

    public long Varint()
    {
        ulong raw = UVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public ulong Fixed64()
    {
        if (_data.Length - _offset < 8)
        {
            throw Truncated();
        }

        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_offset..]);
        _offset += 8;
        return value;
    }

    public int Int32() => checked((int)Varint());

    public byte[]? Bytes()
    {
        ulong marker = UVarint();
        if (marker == 0)
        {
            return null;
        }

        ulong length = marker - 1;
        if (length > (ulong)(_data.Length - _offset))
        {
            throw Truncated();
        }

        byte[] value = _data.Slice(_offset, (int)length).ToArray();
        _offset += (int)length;
        return value;
    }

    /// <summary>A nullable string written by <see cref="RequestBinaryWriter.Text"/>.</summary>
    public string? Text() => Bytes() is { } utf8 ? System.Text.Encoding.UTF8.GetString(utf8) : null;

    /// <summary>A list count written by <see cref="RequestBinaryWriter.Count{T}"/>: -1 for null.</summary>
    public int Count()
    {
        ulong marker = UVarint();
        if (marker == 0)
        {
            return -1;
        }

        // Every element takes at least one byte, so a count beyond the remaining bytes is corrupt.
        if (marker - 1 > (ulong)(_data.Length - _offset))
        {
            throw Truncated();
        }

        return (int)(marker - 1);
    }

    private readonly InvalidDataException Truncated() =>
        new($"raft request: truncated or corrupt binary entry at offset {_offset} of {_data.Length}");
}
