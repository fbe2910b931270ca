using System.Text.Json;
using Engine.Membership.Versions;
using Engine.Server.Entries;
using Engine.Server.Observability;
using Engine.Server.Proposals;
using Engine.Server.State;
using Engine.Server.Transport;

namespace Engine.Server.Cluster;

/// <summary>
/// etcd's version monitor (server/etcdserver/version/monitor.go), once per interval on every member: asks
/// every peer for its server version over the peer transport (etcd's peer <c>/version</c>; an unanswered
/// peer is unknown), moves the storage version to the cluster version; on the leader only, proposes
/// ClusterVersionSet when the decided cluster version changes and cancels an enabled downgrade job once
/// every member runs its target. The decisions are <c>Engine.Membership.Versions</c>' pure rules.
/// </summary>
internal sealed class VersionMonitor(MemberStateHolder state, Proposer proposer, MemberVersions versions, ServerOptions options)
{
    private static readonly TimeSpan PeerAnswerTimeout = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Security.TlsEndpoint? _tls = Security.TlsStartup.PeerEndpoint(options, null);
    private string? _lastProblem;

    public MemberVersions Versions => versions;

    public void Start() => _ = Task.Run(RunAsync);

    public void Stop() => _stop.Cancel();

    /// <summary>One round (tests call it directly): poll peers, storage version, leader decisions.</summary>
    public async Task RunOnceAsync(CancellationToken cancel)
    {
        await PollPeersAsync(cancel).ConfigureAwait(false);
        UpdateStorageVersion();
        if (proposer.IsLeader && proposer.Unavailable() is null)
        {
            await UpdateClusterVersionAsync(cancel).ConfigureAwait(false);
            await CancelFinishedDowngradeAsync(cancel).ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        var interval = TimeSpan.FromMilliseconds(options.VersionMonitorIntervalMs);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(_stop.Token).ConfigureAwait(false);
                await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                // the db was swapped or closed under this round: the next round reads the new one
            }
        }
    }

    private async Task PollPeersAsync(CancellationToken cancel)
    {
        var peers = state.Current.Members.Members.Where(m => m.Id != proposer.MemberId && m.PeerUrls.Count > 0).ToList();
        await Task.WhenAll(peers.Select(async member =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(PeerAnswerTimeout);
            try
            {
                var answer = await PeerVersionExchange.FetchAsync(member.PeerUrls[0], _tls, timeout.Token).ConfigureAwait(false);
                versions.Report(member.Id, answer?.Server);
            }
            catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or OperationCanceledException or InvalidDataException or PeerRefusedException or System.Security.Authentication.AuthenticationException)
            {
                versions.Forget(member.Id);
            }
        })).ConfigureAwait(false);
    }

    private void UpdateStorageVersion()
    {
        var store = state.Current.Versions;
        if (StorageVersionRules.Decide(store.ClusterVersion, store.StorageVersion) is not SemanticVersion next)
        {
            return;
        }

        var previous = store.StorageVersion;
        store.SetStorageVersion(state.Current.Backend.BatchTx, next);
        Log("info", previous is null ? "set storage version" : "cluster version differs from storage version; storage version updated",
            $"\"storage-version\":\"{next}\",\"cluster-version\":\"{store.ClusterVersion}\"");
        if (store.Downgrade is { Enabled: true } job)
        {
            Log("info", "The server is ready to downgrade", $"\"target-version\":\"{job.TargetVersion}\",\"server-version\":\"{versions.LocalVersion}\"");
        }
    }

    private async Task UpdateClusterVersionAsync(CancellationToken cancel)
    {
        var store = state.Current.Versions;
        var decision = ClusterVersionRules.Decide(store.ClusterVersion, store.Downgrade, MemberVersionsNow());
        if (decision.Problem != _lastProblem)
        {
            _lastProblem = decision.Problem;
            if (decision.Problem is not null)
            {
                Log("error", decision.Problem, "\"downgrade-target\":\"" + store.Downgrade.TargetVersion + "\"");
            }
        }

        if (decision.NewVersion is SemanticVersion next && next != store.ClusterVersion)
        {
            var set = new RaftRequest { ClusterVersion = new ClusterVersionSet { Version = next.ToString() } };
            await proposer.ProposeAsync<object>(set, cancel).ConfigureAwait(false);
        }
    }

    private async Task CancelFinishedDowngradeAsync(CancellationToken cancel)
    {
        var job = state.Current.Versions.Downgrade;
        if (!DowngradeRules.IsFinished(job, MemberVersionsNow()))
        {
            return;
        }

        Log("info", "the cluster has been downgraded", $"\"cluster-version\":\"{job.TargetVersion}\"");
        var outcome = await proposer.ProposeAsync<object>(new RaftRequest { Downgrade = new DowngradeInfoSet { Enabled = false } }, cancel).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            Log("warn", "failed to cancel downgrade", $"\"error\":{JsonSerializer.Serialize(error.Message, ServerJsonContext.Default.String)}");
        }
    }

    private IReadOnlyList<SemanticVersion?> MemberVersionsNow() => versions.Of(state.Current.Members.Members.Select(m => m.Id));

    private static void Log(string level, string message, string fields) =>
        Console.Error.WriteLine($"{{\"level\":\"{level}\",\"msg\":{JsonSerializer.Serialize(message, ServerJsonContext.Default.String)},{fields}}}");
}
