using System.Buffers;

namespace Engine.Wal;

/// <summary>Exposes a read-only memory map as <see cref="Memory{T}"/> so replay can hand out slices without copying.</summary>
internal sealed unsafe class MappedMemory : MemoryManager<byte>
{
    private readonly byte* _pointer;
    private readonly int _length;

    public MappedMemory(byte* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
