using Engine.Common.IO;

namespace Engine.Storage.BTree;

/// <summary>
/// A reference-counted memory map: transactions hold a lease on the map they began with, so growing the
/// map (a new, larger mapping) never unmaps memory a reader is still using.
/// </summary>
internal sealed unsafe class MapLease
{
    private readonly IFileMapping _mapping;
    private int _references = 1;

    public MapLease(IFileMapping mapping)
    {
        _mapping = mapping;
        Base = mapping.Pointer;
        Capacity = mapping.Capacity;
    }

    public byte* Base { get; }

    public long Capacity { get; }

    public MapLease Acquire()
    {
        Interlocked.Increment(ref _references);
        return this;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _mapping.Dispose();
        }
    }
}
