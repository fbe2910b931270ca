namespace Engine.Mvcc.Tests.Support;

/// <summary>A lease hook for tests: a fixed set of existing leases and the key attachments the store reported.</summary>
public sealed class RecordingLeases(params long[] existing) : ILeaseAttacher
{
    private readonly HashSet<long> _existing = [.. existing];

    public Dictionary<long, SortedSet<string>> Attached { get; } = [];

    public bool Exists(long leaseId) => _existing.Contains(leaseId);

    public void Attach(long leaseId, byte[] key)
    {
        if (!Attached.TryGetValue(leaseId, out var keys))
        {
            Attached[leaseId] = keys = new SortedSet<string>(StringComparer.Ordinal);
        }

        Assert.True(keys.Add(NaiveVersionedMap.Name(key)), $"key attached twice to lease {leaseId}");
    }

    public void Detach(long leaseId, byte[] key) =>
        Assert.True(Attached.TryGetValue(leaseId, out var keys) && keys.Remove(NaiveVersionedMap.Name(key)), $"detach of a key not attached to lease {leaseId}");
}
