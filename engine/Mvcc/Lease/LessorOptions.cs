namespace Engine.Mvcc.Lease;

/// <summary>
/// Tunables of the <see cref="Lessor"/>, with etcd's defaults: minimum TTL ceil(1.5 × election timeout),
/// revoke rate 1000 leases/s, expired-lease retry 3 s, checkpoints every 5 min for leases with more than that left,
/// at most 1000 checkpoints per batch.
/// </summary>
public sealed class LessorOptions
{
    /// <summary>etcd's default election timeout (1000 ms) gives a minimum TTL of 2 s.</summary>
    public long MinTtlSeconds { get; init; } = 2;

    /// <summary>Leases offered for revocation per second (etcd's leaseRevokeRate).</summary>
    public int RevokeRatePerSecond { get; init; } = 1000;

    /// <summary>An expired lease handed out for revocation is offered again after this long if still present.</summary>
    public long ExpiredLeaseRetryMilliseconds { get; init; } = 3000;

    /// <summary>Checkpoint interval; 0 disables checkpointing (and the keep-alive reset checkpoint).</summary>
    public long CheckpointIntervalMilliseconds { get; init; } = 5 * 60 * 1000;

    /// <summary>At most this many checkpoints are produced per <see cref="Lessor.DueCheckpoints"/> call.</summary>
    public int MaxCheckpointBatch { get; init; } = 1000;

    /// <summary>etcd's minTTL: <c>ceil(3 × electionTimeout / 2)</c> in seconds.</summary>
    public static long MinTtlFor(TimeSpan electionTimeout)
    {
        if (electionTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(electionTimeout), electionTimeout, "election timeout must be positive");
        }

        return (long)Math.Ceiling(3 * electionTimeout.TotalMilliseconds / 2 / 1000);
    }

    /// <summary>Options for a given election timeout, every other tunable at etcd's default.</summary>
    public static LessorOptions ForElectionTimeout(TimeSpan electionTimeout) => new() { MinTtlSeconds = MinTtlFor(electionTimeout) };

    internal void Validate()
    {
        if (MinTtlSeconds < 1 || RevokeRatePerSecond < 2 || ExpiredLeaseRetryMilliseconds < 1
            || CheckpointIntervalMilliseconds < 0 || MaxCheckpointBatch < 1)
        {
            throw new ArgumentException("invalid lessor options", nameof(LessorOptions));
        }
    }
}
