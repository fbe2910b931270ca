namespace Engine.Auth.Storage;

/// <summary>Appends bytes, unsigned LEB128 counts and length-prefixed byte strings.</summary>
internal sealed class RecordWriter
{
    private readonly MemoryStream _out = new();

    public void Byte(byte value) => _out.WriteByte(value);

    public void Count(int value)
    {
        uint v = (uint)value;
        while (v >= 0x80)
        {
            _out.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }

        _out.WriteByte((byte)v);
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        Count(value.Length);
        _out.Write(value);
    }

    public byte[] ToArray() => _out.ToArray();
}
