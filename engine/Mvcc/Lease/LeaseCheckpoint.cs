namespace Engine.Mvcc.Lease;

/// <summary>
/// etcd's <c>LeaseCheckpoint{ID, remaining_TTL}</c>: the leader's record of a lease's remaining seconds, proposed
/// through raft and applied on every member with <see cref="Lessor.Checkpoint(long, long)"/> so a new leader resumes
/// from it instead of granting the full TTL again. A remaining TTL of 0 clears the checkpoint (after a keep-alive).
/// </summary>
public readonly record struct LeaseCheckpoint(long Id, long RemainingTtlSeconds);
