namespace Engine.Protocol.Services;

/// <summary>
/// etcd's KV service (etcdserverpb.KV): ranges, puts, deletes, txns and compaction as typed calls. Every method returns either a response (whose <c>header</c> the server fills) or one of
/// <see cref="EtcdErrors"/>; an exception means an environmental failure or a bug, never an expected outcome.
/// Cancellation means the client went away: the server may stop waiting, not undo a proposal.
/// Front ends (the JSON gateway, gRPC) validate request shapes first through the one validation path.
/// </summary>
public interface IKvService
{
    /// <summary>
    /// Range: linearizable (ReadIndex) unless <c>serializable</c>. Errors: Compacted, FutureRevision,
    /// NoLeader/Timeout (linearizable only), NotSupportedForLearner (non-serializable on a learner), Corrupt.
    /// <c>header.revision</c> is the current revision even for a historical read.
    /// </summary>
    ValueTask<Outcome<RangeResponse>> RangeAsync(RangeRequest request, CancellationToken cancel);

    /// <summary>Put through raft; acknowledged once durable and applied. Errors: KeyNotFound (ignore_value/ignore_lease on an absent key), LeaseNotFound, NoSpace, TooManyRequests, NoLeader, Timeout.</summary>
    ValueTask<Outcome<PutResponse>> PutAsync(PutRequest request, CancellationToken cancel);

    /// <summary>DeleteRange through raft; a delete that matches nothing does not bump the revision.</summary>
    ValueTask<Outcome<DeleteRangeResponse>> DeleteRangeAsync(DeleteRangeRequest request, CancellationToken cancel);

    /// <summary>
    /// Txn: read-only txns are served like a Range, others go through raft. The server checks the
    /// duplicate-key rule (DuplicateKey) and the compare/branch semantics; Compacted/FutureRevision from
    /// ranges inside the taken branch fail the whole txn.
    /// </summary>
    ValueTask<Outcome<TxnResponse>> TxnAsync(TxnRequest request, CancellationToken cancel);

    /// <summary>Compaction through raft; with <c>physical</c> it returns once the backend deletions are committed. Errors: Compacted (revision at or below the compacted one), FutureRevision.</summary>
    ValueTask<Outcome<CompactionResponse>> CompactAsync(CompactionRequest request, CancellationToken cancel);
}
