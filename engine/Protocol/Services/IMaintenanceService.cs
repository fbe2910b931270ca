namespace Engine.Protocol.Services;

/// <summary>
/// etcd's Maintenance service (etcdserverpb.Maintenance) plus the member's health. Every method returns either a response (whose <c>header</c> the server fills) or one of
/// <see cref="EtcdErrors"/>; an exception means an environmental failure or a bug, never an expected outcome.
/// Cancellation means the client went away: the server may stop waiting, not undo a proposal.
/// Front ends (the JSON gateway, gRPC) validate request shapes first through the one validation path.
/// </summary>
public interface IMaintenanceService
{
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
    /// Downgrade VALIDATE / ENABLE / CANCEL (etcd 3.5+): answers the cluster version as major.minor. Errors:
    /// WrongDowngradeVersionFormat, InvalidDowngradeTargetVersion, DowngradeInProcess, NoInflightDowngrade,
    /// ClusterVersionUnavailable, and the proposal errors (NoLeader, Timeout, ...).
    /// </summary>
    ValueTask<Outcome<DowngradeResponse>> DowngradeAsync(DowngradeRequest request, CancellationToken cancel);

    /// <summary>
    /// Opens a consistent point-in-time copy of the db file for <c>/v3/maintenance/snapshot</c>. The api
    /// chunks what <see cref="IDbSnapshot.WriteToAsync"/> writes into 32 KiB messages with
    /// <c>remaining_bytes</c> computed from <see cref="IDbSnapshot.Size"/>, and appends the SHA-256 of
    /// the bytes as the last blob (as etcd does). Dispose releases the read transaction.
    /// </summary>
    ValueTask<Outcome<IDbSnapshot>> OpenSnapshotAsync(CancellationToken cancel);

    /// <summary>The state behind <c>/health</c>, <c>/livez</c> and <c>/readyz</c>; cheap, callable per request.</summary>
    ServerHealth GetHealth();

    /// <summary>This member's server, cluster and storage versions (<c>GET /version</c>); cheap, local.</summary>
    VersionInfo GetVersions();
}
