namespace Engine.Protocol.Services;

/// <summary>
/// etcd's Cluster service (etcdserverpb.Cluster): the member list and membership changes. Every method returns either a response (whose <c>header</c> the server fills) or one of
/// <see cref="EtcdErrors"/>; an exception means an environmental failure or a bug, never an expected outcome.
/// Cancellation means the client went away: the server may stop waiting, not undo a proposal.
/// Front ends (the JSON gateway, gRPC) validate request shapes first through the one validation path.
/// </summary>
public interface IClusterService
{
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
}
