namespace Engine.Protocol.Services;

/// <summary>
/// etcd's Lease service (etcdserverpb.Lease): grant, revoke, keep-alive, time-to-live and list. Every method returns either a response (whose <c>header</c> the server fills) or one of
/// <see cref="EtcdErrors"/>; an exception means an environmental failure or a bug, never an expected outcome.
/// Cancellation means the client went away: the server may stop waiting, not undo a proposal.
/// Front ends (the JSON gateway, gRPC) validate request shapes first through the one validation path.
/// </summary>
public interface ILeaseService
{
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
}
