namespace Engine.Storage.BTree;

/// <summary>
/// A key or value held by an in-memory node: either a slice of a managed array (a write's own copy) or
/// a pointer into the memory map (a page the write transaction has not changed; valid for its lifetime).
/// </summary>
internal readonly unsafe struct Bytes
{
    private readonly byte[]? _array;
    private readonly nint _pointerOrOffset;

    public Bytes(byte[] array, int offset, int length)
    {
        _array = array;
        _pointerOrOffset = offset;
        Length = length;
    }

    public Bytes(byte* pointer, int length)
    {
        _array = null;
        _pointerOrOffset = (nint)pointer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _array is not null
        ? new ReadOnlySpan<byte>(_array, (int)_pointerOrOffset, Length)
        : new ReadOnlySpan<byte>((byte*)_pointerOrOffset, Length);

    public static Bytes CopyOf(ReadOnlySpan<byte> data) => new(data.ToArray(), 0, data.Length);
}
