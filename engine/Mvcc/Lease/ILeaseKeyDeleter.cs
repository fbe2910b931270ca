namespace Engine.Mvcc.Lease;

/// <summary>
/// Provided by the MVCC store (wired by the server): deletes a revoked lease's keys in ONE write transaction, so a
/// revoke or an expiry is one revision with one DELETE event per key (etcd lessor's RangeDeleter).
/// </summary>
public interface ILeaseKeyDeleter
{
    /// <summary>
    /// Opens one MVCC write transaction, deletes each key (sorted, as etcd does; the transaction bumps the revision
    /// only if something was deleted), calls <paramref name="whileLocked"/> while that transaction, and so the backend
    /// batch lock, is still held, then ends the transaction. The MVCC delete path is expected to call
    /// <see cref="ILeaseAttachments.Detach"/> for each deleted key, as etcd's does; the lessor copes either way.
    /// </summary>
    void DeleteKeys(IReadOnlyList<byte[]> sortedKeys, Action whileLocked);
}
