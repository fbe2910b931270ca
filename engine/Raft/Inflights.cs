namespace Engine.Raft;

/// <summary>A ring buffer of the last indexes of MsgApps sent to a follower but not yet acknowledged (flow control).</summary>
public sealed class Inflights
{
    private readonly ulong[] buffer;
    private int start;

    public Inflights(int capacity) => buffer = new ulong[Math.Max(capacity, 1)];

    public int Count { get; private set; }

    public int Capacity => buffer.Length;

    public bool Full => Count == buffer.Length;

    public void Add(ulong lastIndex)
    {
        if (Full) throw new InvalidOperationException("cannot add into a full inflights");
        buffer[(start + Count) % buffer.Length] = lastIndex;
        Count++;
    }

    /// <summary>Frees every in-flight message whose last index is at most <paramref name="to"/>.</summary>
    public void FreeLE(ulong to)
    {
        if (Count == 0 || to < buffer[start]) return;
        int freed = 0;
        int index = start;
        while (freed < Count && buffer[index] <= to)
        {
            freed++;
            index = (index + 1) % buffer.Length;
        }

        Count -= freed;
        start = Count == 0 ? 0 : index;
    }

    public void FreeFirstOne()
    {
        if (Count == 0) return;
        Count--;
        start = Count == 0 ? 0 : (start + 1) % buffer.Length;
    }

    public void Reset()
    {
        Count = 0;
        start = 0;
    }
}
