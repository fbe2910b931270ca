using System.Numerics;

namespace Engine.Mvcc;

/// <summary>
/// etcd's HashKV hasher (mvcc hash.go): CRC-32C (Castagnoli) over the key bucket's name, then the stored
/// key and value of every revision up to the hash revision, skipping revisions at or below the compact
/// revision that a compaction deletes (those not in <c>keep</c>) and a tombstone exactly at the compact
/// revision. Two stores that applied the same writes hash equal whether or not compaction has physically run.
/// </summary>
internal sealed class KvHasher
{
    private readonly long _compactRevision;
    private readonly long _revision;
    private readonly HashSet<Revision> _keep;
    private uint _crc = ~0u;

    public KvHasher(long compactRevision, long revision, HashSet<Revision> keep)
    {
        _compactRevision = compactRevision;
        _revision = revision;
        _keep = keep;
        Write("key"u8);
    }

    public uint Hash => ~_crc;

    public void WriteKeyValue(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var rev = RevisionKey.Read(key);
        if (rev.Main > _revision)
        {
            return;
        }

        bool tombstone = RevisionKey.IsTombstone(key);
        if (rev.Main <= _compactRevision && _keep.Count > 0 && !_keep.Contains(rev))
        {
            return;
        }

        if (rev.Main == _compactRevision && tombstone)
        {
            return;
        }

        Write(key);
        Write(value);
    }

    private void Write(ReadOnlySpan<byte> data)
    {
        uint crc = _crc;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        _crc = crc;
    }
}
