using Engine.Mvcc;
using Engine.Mvcc.Lease;
using Engine.Mvcc.Protocol;

namespace Engine.Server.Apply;

/// <summary>
/// Deletes a revoked lease's keys inside the MVCC write transaction of the raft entry being applied, so
/// the keys, the lease record and the consistent index land in one backend transaction and one revision.
/// </summary>
internal sealed class LeaseKeyDeleter : ILeaseKeyDeleter
{
    /// <summary>The write transaction of the entry being applied (set by the apply loop around lease operations).</summary>
    public KvWriteTxn? Current { get; set; }

    public void DeleteKeys(IReadOnlyList<byte[]> sortedKeys, Action whileLocked)
    {
        var txn = Current ?? throw new InvalidOperationException("lease keys deleted outside an apply transaction");
        foreach (byte[] key in sortedKeys)
        {
            txn.DeleteRange(new DeleteRangeRequest { Key = key });
        }

        whileLocked();
    }
}
