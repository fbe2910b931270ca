namespace Engine.Mvcc.Lease;

/// <summary>
/// A read-only copy of one lease's state, taken under the lessor's lock: id, granted TTL, checkpointed remaining
/// TTL, and the expiry instant on the lessor clock (<see cref="long.MaxValue"/> on a follower: followers never expire).
/// </summary>
public readonly record struct LeaseSnapshot(long Id, long TtlSeconds, long RemainingTtlSeconds, long ExpiryMilliseconds, int KeyCount)
{
    /// <summary>True when the lease has no expiry (this member is not the leader).</summary>
    public bool IsForever => ExpiryMilliseconds == long.MaxValue;
}
