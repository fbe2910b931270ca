using System.Runtime.InteropServices;
using Engine.Common.IO;

namespace Engine.TestKit.IO;

/// <summary>
/// One file of <see cref="CrashFileSystem"/>: its current bytes in a fixed native reservation (so memory
/// maps stay valid while it grows), its durable bytes, and the ordered list of changes since the last sync.
/// Not thread-safe: the file system's lock guards it.
/// </summary>
internal sealed unsafe class MemoryFile
{
    private readonly long _reserve;
    private byte* _buffer;
    private byte[] _durable = [];
    private long _durableLength;
    private readonly List<(long Offset, byte[]? Data, long NewLength)> _pending = [];

    public MemoryFile(long reserve)
    {
        _reserve = reserve;
        _buffer = (byte*)NativeMemory.AllocZeroed((nuint)reserve);
    }

    public long Length { get; private set; }

    public bool Locked { get; set; }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        long end = offset + data.Length;
        EnsureReserve(end);
        data.CopyTo(new Span<byte>(_buffer + offset, data.Length));
        if (end > Length)
        {
            Length = end;
        }

        _pending.Add((offset, data.ToArray(), -1));
    }

    public int Read(long offset, Span<byte> buffer)
    {
        if (offset >= Length)
        {
            return 0;
        }

        int n = (int)Math.Min(buffer.Length, Length - offset);
        new ReadOnlySpan<byte>(_buffer + offset, n).CopyTo(buffer);
        return n;
    }

    public void SetLength(long length)
    {
        EnsureReserve(length);
        if (length < Length)
        {
            new Span<byte>(_buffer + length, (int)(Length - length)).Clear();
        }

        Length = length;
        _pending.Add((0, null, length));
    }

    public void MakeDurable()
    {
        _durable = Snapshot();
        _durableLength = Length;
        _pending.Clear();
    }

    public byte[] Snapshot() => new ReadOnlySpan<byte>(_buffer, checked((int)Length)).ToArray();

    public IFileMapping Map(long capacity)
    {
        if (capacity > _reserve)
        {
            throw new IOException($"map of {capacity} bytes exceeds the test reservation of {_reserve}");
        }

        return new Mapping(_buffer, capacity);
    }

    /// <summary>A new file holding what survives a power cut now under <paramref name="damage"/>.</summary>
    public MemoryFile Survivor(DamageModel damage, Random random, long reserve)
    {
        var copy = new MemoryFile(reserve);
        copy.ApplyRaw(0, _durable.AsSpan(0, (int)_durableLength));
        copy.Length = _durableLength;
        int last = _pending.Count - 1;
        for (int i = 0; i <= last; i++)
        {
            var (offset, data, newLength) = _pending[i];
            switch (damage)
            {
                case DamageModel.DropUnsynced:
                    break;
                case DamageModel.TearLastWrite when data is null:
                    copy.ApplyLength(newLength);
                    break;
                case DamageModel.TearLastWrite:
                    int keep = i < last ? data.Length : random.Next(0, data.Length / 512 + 1) * 512;
                    copy.ApplyWrite(offset, data.AsSpan(0, Math.Min(keep, data.Length)));
                    break;
                case DamageModel.RandomSubset when data is null:
                    if (random.Next(2) == 0)
                    {
                        copy.ApplyLength(newLength);
                    }

                    break;
                case DamageModel.RandomSubset:
                    for (int piece = 0; piece < data.Length; piece += 4096)
                    {
                        if (random.Next(2) == 0)
                        {
                            copy.ApplyWrite(offset + piece, data.AsSpan(piece, Math.Min(4096, data.Length - piece)));
                        }
                    }

                    break;
            }
        }

        copy.MakeDurable();
        return copy;
    }

    public void Free()
    {
        if (_buffer != null)
        {
            NativeMemory.Free(_buffer);
            _buffer = null;
        }
    }

    private void ApplyWrite(long offset, ReadOnlySpan<byte> data)
    {
        ApplyRaw(offset, data);
        Length = Math.Max(Length, offset + data.Length);
    }

    private void ApplyLength(long length)
    {
        if (length < Length)
        {
            new Span<byte>(_buffer + length, (int)(Length - length)).Clear();
        }

        Length = length;
    }

    private void ApplyRaw(long offset, ReadOnlySpan<byte> data)
    {
        EnsureReserve(offset + data.Length);
        data.CopyTo(new Span<byte>(_buffer + offset, data.Length));
    }

    private void EnsureReserve(long end)
    {
        if (end > _reserve)
        {
            throw new IOException($"no space left on device (test reservation of {_reserve} bytes)");
        }
    }

    private sealed class Mapping(byte* pointer, long capacity) : IFileMapping
    {
        public byte* Pointer { get; } = pointer;

        public long Capacity { get; } = capacity;

        public void Dispose()
        {
        }
    }
}
