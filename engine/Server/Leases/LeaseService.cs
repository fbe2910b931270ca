using Engine.Protocol;
using Engine.Protocol.Services;
using Engine.Server.Entries;
using Engine.Server.Maintenance;
using Engine.Server.Proposals;
using Engine.Server.State;

namespace Engine.Server.Leases;

/// <summary>etcd's lease service: grant and revoke through raft; keep-alive and time-to-live answered by the leader's lessor.</summary>
internal sealed class LeaseService(MemberStateHolder state, Proposer proposer, ResponseHeaders headers, NoSpaceQuota quota) : ILeaseService
{
    public async ValueTask<Outcome<LeaseGrantResponse>> LeaseGrantAsync(LeaseGrantRequest request, CancellationToken cancel)
    {
        if (quota.Check(64) is EtcdError noSpace)
        {
            return noSpace;
        }

        if (request.ID == 0)
        {
            lock (state.LessorGate)
            {
                state.Current.Lessor.AssignId(request, () => (long)(proposer.NextId() & long.MaxValue));
            }
        }

        var outcome = await proposer.ProposeAsync<LeaseGrantResponse>(new RaftRequest { LeaseGrant = request }, cancel).ConfigureAwait(false);
        if (outcome.Value is { } value)
        {
            value.Header = headers.Completed(value.Header);
        }

        return outcome;
    }

    public async ValueTask<Outcome<LeaseRevokeResponse>> LeaseRevokeAsync(LeaseRevokeRequest request, CancellationToken cancel)
    {
        var outcome = await proposer.ProposeAsync<LeaseRevokeResponse>(new RaftRequest { LeaseRevoke = request }, cancel).ConfigureAwait(false);
        if (outcome.Value is { } value)
        {
            value.Header = headers.Completed(value.Header);
        }

        return outcome;
    }

    public async ValueTask<Outcome<LeaseKeepAliveResponse>> LeaseKeepAliveAsync(LeaseKeepAliveRequest request, CancellationToken cancel)
    {
        if (await LeaderBarrierAsync(cancel).ConfigureAwait(false) is EtcdError error)
        {
            return error;
        }

        Outcome<LeaseKeepAliveResponse> outcome;
        lock (state.LessorGate)
        {
            outcome = state.Current.Lessor.KeepAlive(request);
        }

        if (outcome.Value is { } value)
        {
            value.Header = headers.Completed(value.Header);
        }

        return outcome;
    }

    public async ValueTask<Outcome<LeaseTimeToLiveResponse>> LeaseTimeToLiveAsync(LeaseTimeToLiveRequest request, CancellationToken cancel)
    {
        if (await LeaderBarrierAsync(cancel).ConfigureAwait(false) is EtcdError error)
        {
            return error;
        }

        Outcome<LeaseTimeToLiveResponse> outcome;
        lock (state.LessorGate)
        {
            outcome = state.Current.Lessor.TimeToLive(request);
        }

        if (outcome.Value is { } value)
        {
            value.Header = headers.Completed(value.Header);
        }

        return outcome;
    }

    public async ValueTask<Outcome<LeaseLeasesResponse>> LeaseLeasesAsync(LeaseLeasesRequest request, CancellationToken cancel)
    {
        if (await proposer.LinearizableBarrierAsync(cancel).ConfigureAwait(false) is EtcdError error)
        {
            return error;
        }

        LeaseLeasesResponse response;
        lock (state.LessorGate)
        {
            response = state.Current.Lessor.Leases();
        }

        response.Header = headers.Completed(response.Header);
        return response;
    }

    /// <summary>Keep-alives and time-to-live are the leader's to answer (followers forward them once the peer transport exists).</summary>
    private async ValueTask<EtcdError?> LeaderBarrierAsync(CancellationToken cancel)
    {
        if (proposer.Unavailable() is EtcdError unavailable)
        {
            return unavailable;
        }

        if (!proposer.IsLeader)
        {
            return EtcdErrors.NotLeader;
        }

        return await proposer.LinearizableBarrierAsync(cancel).ConfigureAwait(false);
    }
}
