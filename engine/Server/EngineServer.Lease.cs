using Engine.Protocol;
using Engine.Server.Apply;

namespace Engine.Server;

/// <summary>The lease half of the v3 API: grant and revoke through raft; keep-alive and time-to-live answered by the leader.</summary>
public sealed partial class EngineServer
{
    public async ValueTask<Outcome<LeaseGrantResponse>> LeaseGrantAsync(LeaseGrantRequest request, CancellationToken cancel)
    {
        if (QuotaExceeded(64) is EtcdError noSpace)
        {
            return noSpace;
        }

        if (request.ID == 0)
        {
            lock (_lessorGate)
            {
                _lessor.AssignId(request, () => (long)(_ids.Next() & long.MaxValue));
            }
        }

        var outcome = Result<LeaseGrantResponse>(await ProposeAsync(new RaftRequest { LeaseGrant = request }, cancel).ConfigureAwait(false));
        if (outcome.Value is { } value)
        {
            value.Header ??= Header();
            FillHeader(value.Header);
        }
        return outcome;
    }

    public async ValueTask<Outcome<LeaseRevokeResponse>> LeaseRevokeAsync(LeaseRevokeRequest request, CancellationToken cancel)
    {
        var outcome = Result<LeaseRevokeResponse>(await ProposeAsync(new RaftRequest { LeaseRevoke = request }, cancel).ConfigureAwait(false));
        if (outcome.Value is { } value)
        {
            value.Header ??= Header();
            FillHeader(value.Header);
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
        lock (_lessorGate)
        {
            outcome = _lessor.KeepAlive(request);
        }

        if (outcome.Value is { } value)
        {
            value.Header ??= Header();
            FillHeader(value.Header);
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
        lock (_lessorGate)
        {
            outcome = _lessor.TimeToLive(request);
        }

        if (outcome.Value is { } value)
        {
            value.Header ??= Header();
            FillHeader(value.Header);
        }

        return outcome;
    }

    public async ValueTask<Outcome<LeaseLeasesResponse>> LeaseLeasesAsync(LeaseLeasesRequest request, CancellationToken cancel)
    {
        if (await LinearizableBarrierAsync(cancel).ConfigureAwait(false) is EtcdError error)
        {
            return error;
        }

        LeaseLeasesResponse response;
        lock (_lessorGate)
        {
            response = _lessor.Leases();
        }

        response.Header ??= Header();
        FillHeader(response.Header);
        return response;
    }

    /// <summary>Keep-alives and time-to-live are the leader's to answer (followers forward them once the peer transport exists).</summary>
    private async ValueTask<EtcdError?> LeaderBarrierAsync(CancellationToken cancel)
    {
        if (Unavailable() is EtcdError unavailable)
        {
            return unavailable;
        }

        if (!IsLeader)
        {
            return EtcdErrors.NotLeader;
        }

        return await LinearizableBarrierAsync(cancel).ConfigureAwait(false);
    }
}
