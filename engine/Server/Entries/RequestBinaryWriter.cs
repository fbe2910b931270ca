using System.Buffers.Binary;

namespace Engine.Server.Entries;

/// <summary>
/// Appends the primitives of the binary raft-entry format (FORMAT.md beside this file) to a growing
/// buffer: unsigned LEB128 varints, zigzag varints for signed numbers, byte strings and list counts
/// stored as <c>length + 1</c> so that 0 means null (null and empty stay distinct, as in the JSON codec).
/// </summary>
internal sealed class RequestBinaryWriter
{
    private byte[] _buffer;
    private int _length;

    public RequestBinaryWriter(int capacity) => _buffer = new byte[capacity];

    public int Length => _length;

    public void Reset() => _length = 0;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void Byte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void UVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    public void Varint(long value) => UVarint((ulong)((value << 1) ^ (value >> 63)));

    public void Fixed64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>A nullable byte string: <c>uvarint(length + 1)</c> then the bytes; 0 for null.</summary>
    public void Bytes(byte[]? value)
    {
        if (value is null)
        {
            Byte(0);
            return;
        }

        UVarint((ulong)value.Length + 1);
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>A nullable string as UTF-8 <see cref="Bytes"/>.</summary>
    public void Text(string? value) => Bytes(value is null ? null : System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>A nullable list's count: <c>uvarint(count + 1)</c>; 0 for null.</summary>
    public void Count<T>(List<T>? list) => UVarint(list is null ? 0 : (ulong)list.Count + 1);

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
