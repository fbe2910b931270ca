namespace Engine.Raft;

/// <summary>A ring buffer of the last indexes of MsgApps sent to a follower but not yet acknowledged (flow control).</summary>
public sealed class Inflights
{
    private readonly ulong[] _buffer;
    private int _start;

    public Inflights(int capacity) => _buffer = new ulong[Math.Max(capacity, 1)];

    public int Count { get; private set; }

    public int Capacity => _buffer.Length;

    public bool Full => Count == _buffer.Length;

    public void Add(ulong lastIndex)
    {
        if (Full) throw new InvalidOperationException("cannot add into a full inflights");
        _buffer[(_start + Count) % _buffer.Length] = lastIndex;
        Count++;
    }

    /// <summary>Frees every in-flight message whose last index is at most <paramref name="to"/>.</summary>
    public void FreeLE(ulong to)
    {
        if (Count == 0 || to < _buffer[_start]) return;
        int freed = 0;
        int index = _start;
        while (freed < Count && _buffer[index] <= to)
        {
            freed++;
            index = (index + 1) % _buffer.Length;
        }

        Count -= freed;
        _start = Count == 0 ? 0 : index;
    }

    public void FreeFirstOne()
    {
        if (Count == 0) return;
        Count--;
        _start = Count == 0 ? 0 : (_start + 1) % _buffer.Length;
    }

    public void Reset()
    {
        Count = 0;
        _start = 0;
    }
}
