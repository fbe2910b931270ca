namespace Engine.Mvcc.Lease;

/// <summary>
/// Where the lessor persists leases (the backend's <c>lease</c> bucket in production, see <see cref="BackendLeaseStore"/>).
/// Writes land in the backend's batch transaction and become durable with its next commit, in the same B+tree
/// transaction as the applied index of the raft entry that caused them.
/// </summary>
public interface ILeaseStore
{
    /// <summary>Every persisted lease, in id order (used on open and after a snapshot is installed).</summary>
    IReadOnlyList<LeaseRecord> LoadAll();

    /// <summary>Inserts or replaces a lease record; takes the backend batch lock itself.</summary>
    void Save(LeaseRecord record);

    /// <summary>
    /// Deletes a lease record. The caller already holds the backend batch lock: it is called from inside the
    /// MVCC write transaction that deletes the lease's keys (see <see cref="ILeaseKeyDeleter"/>), so the keys and the
    /// lease disappear in one commit.
    /// </summary>
    void DeleteLocked(long id);
}
