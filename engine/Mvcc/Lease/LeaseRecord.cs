namespace Engine.Mvcc.Lease;

/// <summary>
/// One lease as persisted in the <c>lease</c> bucket (etcd's leasepb.Lease): its id, granted TTL in seconds and
/// the remaining TTL of its last checkpoint (0 = none). Expiry instants are never persisted: they are
/// recomputed from these when a member is promoted to leader. Encoding: <see cref="LeaseRecordCodec"/>, FORMAT.md.
/// </summary>
public readonly record struct LeaseRecord(long Id, long TtlSeconds, long RemainingTtlSeconds);
