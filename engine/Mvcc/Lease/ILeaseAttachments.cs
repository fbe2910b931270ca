namespace Engine.Mvcc.Lease;

/// <summary>
/// What the MVCC store needs from the lessor: does a lease exist, which lease holds a key, and attaching /
/// detaching keys on put and delete. The same calls re-attach keys when the store rebuilds its index on open
/// (for each live key whose latest version carries a lease).
/// </summary>
public interface ILeaseAttachments
{
    /// <summary>True when the lease is granted and not revoked.</summary>
    bool Exists(long leaseId);

    /// <summary>Attaches a key to a lease; false when the lease does not exist. The lessor keeps the array: do not mutate it.</summary>
    bool Attach(long leaseId, byte[] key);

    /// <summary>Detaches a key from a lease; false when the lease or the attachment does not exist.</summary>
    bool Detach(long leaseId, ReadOnlySpan<byte> key);

    /// <summary>The lease the key is attached to, or 0 (etcd's NoLease).</summary>
    long LeaseOf(ReadOnlySpan<byte> key);
}
