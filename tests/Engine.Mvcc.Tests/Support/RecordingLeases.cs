namespace Engine.Mvcc.Tests.Support;

/// <summary>A lease hook for tests: a fixed set of existing leases and the key attachments the store reported.</summary>
public sealed class RecordingLeases(params long[] existing) : Engine.Mvcc.Lease.ILeaseAttachments
{
    private readonly HashSet<long> _existing = [.. existing];

    public Dictionary<long, SortedSet<string>> Attached { get; } = [];

    public bool Exists(long leaseId) => _existing.Contains(leaseId);

    public bool Attach(long leaseId, byte[] key)
    {
        if (!Attached.TryGetValue(leaseId, out var keys))
        {
            Attached[leaseId] = keys = new SortedSet<string>(StringComparer.Ordinal);
        }

        Assert.True(keys.Add(NaiveVersionedMap.Name(key)), $"key attached twice to lease {leaseId}");
        return true;
    }

    public bool Detach(long leaseId, ReadOnlySpan<byte> key)
    {
        Assert.True(Attached.TryGetValue(leaseId, out var keys) && keys.Remove(NaiveVersionedMap.Name(key.ToArray())), $"detach of a key not attached to lease {leaseId}");
        return true;
    }

    public long LeaseOf(ReadOnlySpan<byte> key)
    {
        string name = NaiveVersionedMap.Name(key.ToArray());
        return Attached.FirstOrDefault(pair => pair.Value.Contains(name)).Key;
    }
}
