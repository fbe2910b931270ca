using System.Text;

namespace Engine.Auth.Storage;

/// <summary>Reads what <see cref="RecordWriter"/> wrote; every overrun or bad value is an <see cref="InvalidDataException"/>.</summary>
internal ref struct RecordReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _what;
    private int _at;

    public RecordReader(ReadOnlySpan<byte> data, string what)
    {
        _data = data;
        _what = what;
        _at = 0;
    }

    public void ExpectVersion(byte version)
    {
        byte found = Byte();
        if (found != version)
        {
            throw new InvalidDataException($"auth {_what} record version {found} is unknown (expected {version})");
        }
    }

    public byte Byte()
    {
        if (_at >= _data.Length)
        {
            throw new InvalidDataException($"auth {_what} record is truncated at byte {_at}");
        }

        return _data[_at++];
    }

    public bool Flag()
    {
        byte b = Byte();
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw new InvalidDataException($"auth {_what} record has flag byte {b} (expected 0 or 1)"),
        };
    }

    public int Count()
    {
        uint value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            byte b = Byte();
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value <= int.MaxValue && value <= _data.Length ? (int)value : throw new InvalidDataException($"auth {_what} record has count {value} beyond its {_data.Length} bytes");
            }
        }

        throw new InvalidDataException($"auth {_what} record has an over-long count");
    }

    public byte[] Bytes()
    {
        int length = Count();
        if (_data.Length - _at < length)
        {
            throw new InvalidDataException($"auth {_what} record is truncated: {length} bytes announced at byte {_at}");
        }

        byte[] value = _data.Slice(_at, length).ToArray();
        _at += length;
        return value;
    }

    public string String()
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(Bytes());
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException($"auth {_what} record holds a name that is not UTF-8");
        }
    }

    public void ExpectEnd()
    {
        if (_at != _data.Length)
        {
            throw new InvalidDataException($"auth {_what} record has {_data.Length - _at} trailing bytes");
        }
    }
}
