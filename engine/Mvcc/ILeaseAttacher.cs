namespace Engine.Mvcc;

/// <summary>
/// The hook through which the store consults and informs the lessor: whether a lease exists (a put with an
/// unknown lease fails with <c>requested lease not found</c>), and which keys are attached to which lease.
/// Attach/Detach are called inside the write transaction (and Attach on open, for every live key with a lease).
/// </summary>
public interface ILeaseAttacher
{
    bool Exists(long leaseId);

    void Attach(long leaseId, byte[] key);

    void Detach(long leaseId, byte[] key);
}
