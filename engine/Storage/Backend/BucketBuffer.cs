namespace Engine.Storage.Backend;

/// <summary>
/// The buffered, not yet committed writes of one bucket, kept sorted by key (bytewise) so range reads can
/// merge them with the B+tree. A null value is a tombstone: the key was deleted in this batch, so reads
/// must not see the committed value (read-your-writes for deletes, etcd #17158/#17195).
/// Appending keys in ascending order (MVCC revisions) is O(1); other inserts are a binary search and a shift.
/// Entries are never mutated in place once published, so a <see cref="Clone"/> shares the byte arrays.
/// </summary>
internal sealed class BucketBuffer
{
    private byte[][] _keys;
    private byte[]?[] _values;

    public BucketBuffer(int capacity = 16)
    {
        _keys = new byte[capacity][];
        _values = new byte[capacity][];
    }

    public int Count { get; private set; }

    public ReadOnlySpan<byte> KeyAt(int index) => _keys[index];

    public byte[] KeyArrayAt(int index) => _keys[index];

    /// <summary>The value at <paramref name="index"/>; null for a tombstone.</summary>
    public byte[]? ValueAt(int index) => _values[index];

    /// <summary>Inserts or replaces <paramref name="key"/>; a null <paramref name="value"/> records a delete.</summary>
    public void Put(byte[] key, byte[]? value)
    {
        if (Count == 0 || key.AsSpan().SequenceCompareTo(_keys[Count - 1]) > 0)
        {
            Append(key, value);
            return;
        }

        int index = Find(key);
        if (index >= 0)
        {
            _values[index] = value;
            return;
        }

        index = ~index;
        EnsureCapacity(Count + 1);
        Array.Copy(_keys, index, _keys, index + 1, Count - index);
        Array.Copy(_values, index, _values, index + 1, Count - index);
        _keys[index] = key;
        _values[index] = value;
        Count++;
    }

    /// <summary>Applies every entry of <paramref name="newer"/> on top of this buffer (newer wins).</summary>
    public void MergeFrom(BucketBuffer newer)
    {
        for (int i = 0; i < newer.Count; i++)
        {
            Put(newer._keys[i], newer._values[i]);
        }
    }

    /// <summary>Index of <paramref name="key"/>, or the bitwise complement of its insertion point.</summary>
    public int Find(ReadOnlySpan<byte> key)
    {
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            int mid = (low + high) >>> 1;
            int cmp = _keys[mid].AsSpan().SequenceCompareTo(key);
            if (cmp == 0)
            {
                return mid;
            }

            if (cmp < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }

    /// <summary>Index of the first key &gt;= <paramref name="key"/> (Count when none).</summary>
    public int LowerBound(ReadOnlySpan<byte> key)
    {
        int index = Find(key);
        return index >= 0 ? index : ~index;
    }

    public BucketBuffer Clone()
    {
        var copy = new BucketBuffer(Math.Max(Count, 1));
        Array.Copy(_keys, copy._keys, Count);
        Array.Copy(_values, copy._values, Count);
        copy.Count = Count;
        return copy;
    }

    public void Clear()
    {
        if (_keys.Length > 1024)
        {
            _keys = new byte[16][];
            _values = new byte[16][];
        }
        else
        {
            Array.Clear(_keys, 0, Count);
            Array.Clear(_values, 0, Count);
        }

        Count = 0;
    }

    private void Append(byte[] key, byte[]? value)
    {
        EnsureCapacity(Count + 1);
        _keys[Count] = key;
        _values[Count] = value;
        Count++;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _keys.Length)
        {
            return;
        }

        int size = Math.Max(needed, _keys.Length * 2);
        Array.Resize(ref _keys, size);
        Array.Resize(ref _values, size);
    }
}
