using Engine.Mvcc.Lease;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>
/// The smallest MVCC stand-in the lessor talks to: keys with an optional lease, a revision bumped once per write
/// transaction that changed something, and DELETE events recorded per revision. Puts and deletes attach / detach
/// through <see cref="ILeaseAttachments"/> as the real store does.
/// </summary>
public sealed class FakeLeasedKeyValueStore : ILeaseKeyDeleter
{
    private readonly InMemoryLeaseStore _leaseStore;
    private readonly SortedDictionary<string, long> _keys = new(StringComparer.Ordinal);

    public FakeLeasedKeyValueStore(InMemoryLeaseStore leaseStore) => _leaseStore = leaseStore;

    public ILeaseAttachments? Lessor { get; set; }

    public long Revision { get; private set; } = 1;

    public List<(long Revision, string Key)> DeleteEvents { get; } = [];

    public List<IReadOnlyList<string>> DeleteCalls { get; } = [];

    public IReadOnlyCollection<string> Keys => _keys.Keys;

    public bool Put(string key, long leaseId)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(key);
        if (leaseId != 0 && !Lessor!.Exists(leaseId))
        {
            return false;
        }

        if (_keys.TryGetValue(key, out long old) && old != 0 && old != leaseId)
        {
            Lessor!.Detach(old, bytes);
        }

        Revision++;
        _keys[key] = leaseId;
        if (leaseId != 0)
        {
            Assert.True(Lessor!.Attach(leaseId, bytes));
        }

        return true;
    }

    public void Delete(string key)
    {
        if (_keys.Remove(key, out long leaseId))
        {
            Revision++;
            DeleteEvents.Add((Revision, key));
            if (leaseId != 0)
            {
                Lessor!.Detach(leaseId, System.Text.Encoding.UTF8.GetBytes(key));
            }
        }
    }

    public void DeleteKeys(IReadOnlyList<byte[]> sortedKeys, Action whileLocked)
    {
        var names = sortedKeys.Select(k => System.Text.Encoding.UTF8.GetString(k)).ToList();
        DeleteCalls.Add(names);
        long revision = Revision + 1;
        bool changed = false;
        foreach (string name in names)
        {
            if (_keys.Remove(name, out long leaseId))
            {
                changed = true;
                DeleteEvents.Add((revision, name));
                Lessor!.Detach(leaseId, System.Text.Encoding.UTF8.GetBytes(name));
            }
        }

        if (changed)
        {
            Revision = revision;
        }

        _leaseStore.BatchLocked = true;
        try
        {
            whileLocked();
        }
        finally
        {
            _leaseStore.BatchLocked = false;
        }
    }
}
