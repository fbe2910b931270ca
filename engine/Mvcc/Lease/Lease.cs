namespace Engine.Mvcc.Lease;

/// <summary>The lessor's mutable state of one lease; only touched under the lessor's lock.</summary>
internal sealed class Lease
{
    public const long Forever = long.MaxValue;

    public Lease(long id, long ttlSeconds, long remainingTtlSeconds)
    {
        Id = id;
        TtlSeconds = ttlSeconds;
        RemainingTtlSeconds = remainingTtlSeconds;
    }

    public long Id { get; }

    public long TtlSeconds { get; }

    /// <summary>Remaining TTL of the last applied checkpoint; 0 = none (use the granted TTL).</summary>
    public long RemainingTtlSeconds { get; set; }

    public long ExpiryMilliseconds { get; set; } = Forever;

    public HashSet<byte[]> Keys { get; } = new(ByteKeyComparer.Instance);

    /// <summary>etcd's getRemainingTTL: the checkpointed remaining TTL when set, else the granted TTL.</summary>
    public long EffectiveTtlSeconds => RemainingTtlSeconds > 0 ? RemainingTtlSeconds : TtlSeconds;

    public LeaseRecord ToRecord() => new(Id, TtlSeconds, RemainingTtlSeconds);

    public LeaseSnapshot ToSnapshot() => new(Id, TtlSeconds, RemainingTtlSeconds, ExpiryMilliseconds, Keys.Count);

    /// <summary>etcd's refresh: expiry = now + extend + effective TTL.</summary>
    public void Refresh(long nowMilliseconds, long extendMilliseconds) =>
        ExpiryMilliseconds = nowMilliseconds + extendMilliseconds + (EffectiveTtlSeconds * 1000);

    public byte[][] SortedKeys()
    {
        var keys = new byte[Keys.Count][];
        Keys.CopyTo(keys);
        Array.Sort(keys, static (a, b) => a.AsSpan().SequenceCompareTo(b));
        return keys;
    }
}
