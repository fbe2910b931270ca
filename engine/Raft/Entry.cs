namespace Engine.Raft;

/// <summary>One raft log entry: the term it was proposed in, its index, its kind and its payload.</summary>
public readonly record struct Entry(ulong Term, ulong Index, EntryType Type, ReadOnlyMemory<byte> Data)
{
    /// <summary>An entry without a payload (used for no-ops and dummy entries).</summary>
    public Entry(ulong term, ulong index) : this(term, index, EntryType.Normal, ReadOnlyMemory<byte>.Empty) { }

    /// <summary>The size raft accounts for this entry when it limits message sizes.</summary>
    public long Size => 24 + Data.Length;

    public override string ToString() => $"{Term}/{Index} {Type} [{Data.Length}]";
}
