using Engine.Membership.Versions;
using Engine.Protocol;
using Engine.Server.Entries;
using Engine.Server.Proposals;
using Engine.Server.State;

namespace Engine.Server.Maintenance;

/// <summary>
/// etcd's Downgrade RPC (v3_server.go Downgrade, version.Manager): every action first waits for a
/// linearizable read so it judges the cluster's latest cluster version and job; ENABLE and CANCEL then go
/// through raft as DowngradeInfoSet. The rules and texts are <see cref="DowngradeRules"/>'.
/// </summary>
internal sealed class DowngradeHandler(MemberStateHolder state, Proposer proposer, ResponseHeaders headers)
{
    public async ValueTask<Outcome<DowngradeResponse>> DowngradeAsync(DowngradeRequest request, CancellationToken cancel)
    {
        var target = default(SemanticVersion);
        if (request.Action != DowngradeAction.Cancel && DowngradeRules.ParseTarget(request.Version, out target) is EtcdError badFormat)
        {
            return badFormat;
        }

        if (await proposer.LinearizableBarrierAsync(cancel).ConfigureAwait(false) is EtcdError notReadable)
        {
            return notReadable;
        }

        var store = state.Current.Versions;
        EtcdError? refusal = request.Action switch
        {
            DowngradeAction.Validate or DowngradeAction.Enable => DowngradeRules.Validate(store.ClusterVersion, store.Downgrade, target),
            DowngradeAction.Cancel => DowngradeRules.ValidateCancel(store.Downgrade),
            _ => EtcdErrors.UnknownMethod,
        };
        if (refusal is not null)
        {
            return refusal;
        }

        if (request.Action != DowngradeAction.Validate)
        {
            var job = request.Action == DowngradeAction.Enable ? DowngradeRules.Enabled(target) : DowngradeRules.Cancelled;
            var set = new RaftRequest { Downgrade = new DowngradeInfoSet { Enabled = job.Enabled, Version = job.TargetVersion } };
            var applied = await proposer.ProposeAsync<object>(set, cancel).ConfigureAwait(false);
            if (applied.Error is EtcdError failed)
            {
                return failed;
            }
        }

        return new DowngradeResponse { Header = headers.Create(), Version = state.Current.Versions.ClusterVersion?.ClusterText ?? "" };
    }
}
