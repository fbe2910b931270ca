using Engine.Protocol;

namespace Engine.Mvcc.Lease;

/// <summary>
/// Deletes a revoked lease's keys through an open <see cref="KvWriteTxn"/> (which holds the backend batch lock), so all
/// of them share the txn's one revision; the txn's owner ends it with the raft entry's applied index.
/// </summary>
internal sealed class KvWriteTxnKeyDeleter : ILeaseKeyDeleter
{
    private readonly KvWriteTxn _txn;

    public KvWriteTxnKeyDeleter(KvWriteTxn txn) => _txn = txn ?? throw new ArgumentNullException(nameof(txn));

    public void DeleteKeys(IReadOnlyList<byte[]> sortedKeys, Action whileLocked)
    {
        foreach (byte[] key in sortedKeys)
        {
            Outcome<DeleteRangeResponse> outcome = _txn.DeleteRange(new DeleteRangeRequest { Key = key });
            if (outcome.IsError)
            {
                throw new Engine.Common.Errors.InvariantViolationException($"deleting leased key failed: {outcome.Error}");
            }
        }

        whileLocked();
    }
}
