using Engine.Mvcc;
using Engine.Mvcc.Lease;

namespace Engine.Server.Apply;

/// <summary>Lets the MVCC store attach and detach keys on the lessor, under the lessor's lock.</summary>
internal sealed class LessorAttacher(Lessor lessor, object gate) : ILeaseAttacher
{
    public bool Exists(long leaseId)
    {
        lock (gate)
        {
            return lessor.Exists(leaseId);
        }
    }

    public void Attach(long leaseId, byte[] key)
    {
        lock (gate)
        {
            lessor.Attach(leaseId, key);
        }
    }

    public void Detach(long leaseId, byte[] key)
    {
        lock (gate)
        {
            lessor.Detach(leaseId, key);
        }
    }
}
