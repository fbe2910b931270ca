using Engine.Mvcc.Protocol;
using Engine.Server.Protocol;

namespace Engine.Server;

/// <summary>
/// What the HTTP API needs from a member: etcd's v3 RPCs as typed calls. Every method returns either
/// a response (whose <c>header</c> {cluster_id, member_id, revision, raft_term} the server fills) or one
/// of <see cref="EtcdErrors"/>; an exception means an environmental failure or a bug, never an expected
/// outcome. The api validates request shapes first (key present, ignore_value/ignore_lease rules,
/// sort enums, txn op count against <see cref="Options"/>.MaxTxnOps, decoded size against MaxRequestBytes),
/// so an implementation may rely on those and must check everything that needs state.
/// Cancellation means the client went away: the server may stop waiting, not undo a proposal.
/// </summary>
public interface IEtcdServer
{
    /// <summary>The member's configuration; the api reads MaxRequestBytes and MaxTxnOps from it.</summary>
    ServerOptions Options { get; }

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

    /// <summary>LeaseGrant: ID 0 = generated; TTL raised to the minimum TTL. Errors: LeaseExists, LeaseTtlTooLarge, NoSpace.</summary>
    ValueTask<Outcome<LeaseGrantResponse>> LeaseGrantAsync(LeaseGrantRequest request, CancellationToken cancel);

    /// <summary>LeaseRevoke: deletes every attached key in one revision. Errors: LeaseNotFound.</summary>
    ValueTask<Outcome<LeaseRevokeResponse>> LeaseRevokeAsync(LeaseRevokeRequest request, CancellationToken cancel);

    /// <summary>One keep-alive of the keepalive stream: TTL renewed to the granted TTL; an unknown lease answers TTL 0 (no error). Errors: NotLeader/NoLeader when it cannot reach the leader.</summary>
    ValueTask<Outcome<LeaseKeepAliveResponse>> LeaseKeepAliveAsync(LeaseKeepAliveRequest request, CancellationToken cancel);

    /// <summary>LeaseTimeToLive: remaining TTL, granted TTL and (with <c>keys</c>) the attached keys; an unknown lease answers TTL -1 (no error).</summary>
    ValueTask<Outcome<LeaseTimeToLiveResponse>> LeaseTimeToLiveAsync(LeaseTimeToLiveRequest request, CancellationToken cancel);

    /// <summary>LeaseLeases: every lease id.</summary>
    ValueTask<Outcome<LeaseLeasesResponse>> LeaseLeasesAsync(LeaseLeasesRequest request, CancellationToken cancel);

    /// <summary>MemberList; <c>linearizable</c> reads it through ReadIndex first.</summary>
    ValueTask<Outcome<MemberListResponse>> MemberListAsync(MemberListRequest request, CancellationToken cancel);

    /// <summary>MemberAdd (conf change). Errors: MemberUrlsInvalid, PeerUrlExists, TooManyLearners, NotEnoughStartedMembers, UnhealthyCluster.</summary>
    ValueTask<Outcome<MemberAddResponse>> MemberAddAsync(MemberAddRequest request, CancellationToken cancel);

    /// <summary>MemberRemove (conf change). Errors: MemberNotFound, NotEnoughStartedMembers.</summary>
    ValueTask<Outcome<MemberRemoveResponse>> MemberRemoveAsync(MemberRemoveRequest request, CancellationToken cancel);

    /// <summary>MemberUpdate: replaces a member's peer URLs. Errors: MemberNotFound, PeerUrlExists.</summary>
    ValueTask<Outcome<MemberUpdateResponse>> MemberUpdateAsync(MemberUpdateRequest request, CancellationToken cancel);

    /// <summary>MemberPromote: learner → voter. Errors: MemberNotFound, MemberNotLearner, LearnerNotReady.</summary>
    ValueTask<Outcome<MemberPromoteResponse>> MemberPromoteAsync(MemberPromoteRequest request, CancellationToken cancel);

    /// <summary>Status of this member (local, never fails for lack of a leader: it lists <c>etcdserver: no leader</c> in <c>errors</c>).</summary>
    ValueTask<Outcome<StatusResponse>> StatusAsync(StatusRequest request, CancellationToken cancel);

    /// <summary>Defragment this member's db (blocks its reads and writes while it runs).</summary>
    ValueTask<Outcome<DefragmentResponse>> DefragmentAsync(DefragmentRequest request, CancellationToken cancel);

    /// <summary>Hash: CRC-32C over every bucket (testing only).</summary>
    ValueTask<Outcome<HashResponse>> HashAsync(HashRequest request, CancellationToken cancel);

    /// <summary>HashKV: hash of the key history in (compact_revision, revision]; revision 0 = latest. Errors: Compacted, FutureRevision.</summary>
    ValueTask<Outcome<HashKVResponse>> HashKVAsync(HashKVRequest request, CancellationToken cancel);

    /// <summary>Alarm GET/ACTIVATE/DEACTIVATE (replicated through raft); memberID 0 = all members. Answers the alarms in effect.</summary>
    ValueTask<Outcome<AlarmResponse>> AlarmAsync(AlarmRequest request, CancellationToken cancel);

    /// <summary>
    /// Opens a consistent point-in-time copy of the db file for <c>/v3/maintenance/snapshot</c>. The api
    /// chunks what <see cref="IDbSnapshot.WriteToAsync"/> writes into 32 KiB messages with
    /// <c>remaining_bytes</c> computed from <see cref="IDbSnapshot.Size"/>, and appends the SHA-256 of
    /// the bytes as the last blob (as etcd does). Dispose releases the read transaction.
    /// </summary>
    ValueTask<Outcome<IDbSnapshot>> OpenSnapshotAsync(CancellationToken cancel);

    /// <summary>
    /// Opens one <c>/v3/watch</c> stream: the api submits each decoded WatchRequest (create, cancel,
    /// progress) and writes every WatchResponse it reads, in order. Dispose cancels all its watchers.
    /// </summary>
    IWatchStream OpenWatchStream();

    /// <summary>The state behind <c>/health</c>, <c>/livez</c> and <c>/readyz</c>; cheap, callable per request.</summary>
    ServerHealth GetHealth();
}
