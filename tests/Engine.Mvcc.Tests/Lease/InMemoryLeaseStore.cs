using Engine.Mvcc.Lease;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>
/// A lease bucket in memory holding the encoded bytes (so every test also exercises the codec), with a structural check.
/// </summary>
public sealed class InMemoryLeaseStore : ILeaseStore
{
    private readonly SortedDictionary<long, (byte[] Key, byte[] Value)> _entries = new();

    public int Saves { get; private set; }

    public int LockedDeletes { get; private set; }

    /// <summary>Set by a deleter while it "holds the batch lock"; DeleteLocked asserts it.</summary>
    public bool BatchLocked { get; set; }

    public IReadOnlyList<LeaseRecord> LoadAll()
    {
        var records = new List<LeaseRecord>();
        foreach (var (_, entry) in _entries)
        {
            records.Add(LeaseRecordCodec.Decode(entry.Key, entry.Value));
        }

        return records;
    }

    public void Save(LeaseRecord record)
    {
        Saves++;
        _entries[record.Id] = (LeaseRecordCodec.EncodeKey(record.Id), LeaseRecordCodec.EncodeValue(record));
    }

    public void DeleteLocked(long id)
    {
        Assert.True(BatchLocked, "DeleteLocked called outside the revoke's write transaction");
        LockedDeletes++;
        _entries.Remove(id);
    }

    public bool Contains(long id) => _entries.ContainsKey(id);

    public LeaseRecord Get(long id) => LeaseRecordCodec.Decode(_entries[id].Key, _entries[id].Value);

    /// <summary>Every entry decodes, its key matches its id, and ids are unique and ascending.</summary>
    public void CheckStructure()
    {
        long previous = long.MinValue;
        foreach (var (id, entry) in _entries)
        {
            LeaseRecord record = LeaseRecordCodec.Decode(entry.Key, entry.Value);
            Assert.Equal(id, record.Id);
            Assert.True(id > previous);
            Assert.True(record.TtlSeconds > 0, $"lease {id} persisted with TTL {record.TtlSeconds}");
            previous = id;
        }
    }
}
