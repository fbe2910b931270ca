using Engine.Common.IO;
using Engine.Membership.Versions;
using Engine.Protocol;
using Engine.Protocol.Services;
using Engine.Server.Apply;
using Engine.Server.Bootstrap;
using Engine.Server.Cluster;
using Engine.Server.Kv;
using Engine.Server.Leases;
using Engine.Server.Maintenance;
using Engine.Server.Observability;
using Engine.Server.Proposals;
using Engine.Server.Raft;
using Engine.Server.State;
using Engine.Server.Storage;
using Engine.Server.Transport;
using Engine.Server.Watch;
using Engine.Wal;

namespace Engine.Server;

/// <summary>
/// One member, assembled: the composition root. <see cref="ServerBootstrap"/> opens (or bootstraps) the data dir;
/// the constructor wires the parts in dependency order (state holder, raft inbox, proposer, applier, raft loop,
/// peer transport, the five services); <see cref="Start"/> starts the loops. The v3 API (<see cref="IEtcdServer"/>)
/// is served by the services in <c>Kv/</c>, <c>Leases/</c>, <c>Watch/</c>, <c>Cluster/</c> and
/// <c>Maintenance/</c>; this class only forwards to them. Data layout as etcd's: <c>&lt;data-dir&gt;/member/snap/db</c>,
/// <c>member/snap/*.snap</c>, <c>member/wal/</c>. The map: <c>engine/ARCHITECTURE.md</c>.
/// </summary>
public sealed class EngineServer : IEtcdServer, IDisposable
{
    private readonly MemberStateHolder _state;
    private readonly WriteAheadLog _wal;
    private readonly RaftInbox _inbox = new();
    private readonly RaftLoopStatus _raftStatus = new();
    private readonly RaftLoop _raft;
    private readonly PeerTransport? _transport;
    private readonly Proposer _proposer;
    private readonly Applier _applier;
    private readonly LeaseExpiry _leaseExpiry;
    private readonly AttributePublisher _publisher;
    private readonly VersionMonitor _versionMonitor;
    private readonly IKvService _kv;
    private readonly ILeaseService _leases;
    private readonly WatchService _watch;
    private readonly IClusterService _cluster;
    private readonly IMaintenanceService _maintenance;
    private readonly bool _campaignNow;
    private volatile bool _stopped;

    private EngineServer(ServerOptions options, IFileSystem fs, ServerParts parts, SemanticVersion serverVersion)
    {
        Options = options;
        MemberId = parts.MemberId;
        ClusterId = parts.ClusterId;
        _wal = parts.Wal;
        _state = new MemberStateHolder(parts.State);
        _campaignNow = parts.ConfState.Voters.Count == 1 && parts.ConfState.Voters[0] == parts.MemberId;
        string snapDir = Path.Combine(options.DataDir, "member", "snap");

        _proposer = new Proposer(MemberId, parts.AppliedIndex, _inbox, _raftStatus, _state, options);
        var versions = new MemberVersions(MemberId, serverVersion);
        _transport = ServerPeerTransport.Create(options, (ClusterId, MemberId), parts.ConfState, _inbox, _state, versions,
            new SnapshotSender(fs, snapDir, () => _state.Current.Backend), new SnapshotReceiver(fs, snapDir));
        var snapshotter = new Snapshotter(_state, _inbox, parts.Snapshots, options);
        var installer = new SnapshotInstaller(fs, options, _state, _inbox, parts.Snapshots, _transport, MemberId);
        _applier = new Applier(_state, _proposer, snapshotter, installer, (parts.AppliedIndex, parts.AppliedTerm), parts.ConfState);
        _raft = new RaftLoop(parts.Node, parts.Storage, _wal, _inbox, _raftStatus, _proposer, _applier, _transport,
            TimeSpan.FromMilliseconds(options.HeartbeatIntervalMs));

        var headers = new ResponseHeaders(ClusterId, MemberId, _raftStatus, _state);
        var quota = new NoSpaceQuota(_state, _proposer);
        _leaseExpiry = new LeaseExpiry(_state, _proposer);
        _publisher = new AttributePublisher(_state, _proposer, _raftStatus, options);
        _versionMonitor = new VersionMonitor(_state, _proposer, versions, options);
        _kv = new KvService(_state, _proposer, headers, quota);
        _leases = new LeaseService(_state, _proposer, headers, quota);
        _watch = new WatchService(_state, _proposer, headers);
        _cluster = new ClusterService(_state, _proposer, headers, options);
        _maintenance = new MaintenanceService(_state, _proposer, headers, _raftStatus, _applier, _publisher, versions, options);
    }

    public ServerOptions Options { get; }

    public ulong MemberId { get; }

    public ulong ClusterId { get; }

    /// <summary>The leader this member knows (0 for none).</summary>
    public ulong Leader => _proposer.Leader;

    public bool IsLeader => _proposer.IsLeader;

    /// <summary>The proposer (in-process tests drive raft entries through it directly).</summary>
    internal Proposer Proposer => _proposer;

    /// <summary>Opens (or bootstraps) the member in <see cref="ServerOptions.DataDir"/> and starts its loops.</summary>
    public static EngineServer Start(ServerOptions options, IFileSystem? fileSystem = null)
    {
        var fs = fileSystem ?? PosixFileSystem.Instance;
        var serverVersion = LocalServerVersion.Resolve(options);
        var server = new EngineServer(options, fs, ServerBootstrap.Open(options, fs, serverVersion), serverVersion);
        server._applier.Start();
        if (server._transport is not null)
        {
            ServerPeerTransport.Start(server._transport, options, server._state.Current.Members);
        }

        server._raft.Start(server._campaignNow);
        server._leaseExpiry.Start();
        server._publisher.Start();
        if (options.VersionMonitorIntervalMs > 0)
        {
            server._versionMonitor.Start();
        }
        MetricsPublisher.Publish(server);
        return server;
    }

    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        MetricsPublisher.Withdraw(this);
        _publisher.Stop();
        _versionMonitor.Stop();
        _leaseExpiry.Dispose();
        _transport?.Dispose();
        _raft.Dispose();
        _applier.Dispose();
        _proposer.Stop();
        var state = _state.Current;
        Quietly.Run(() =>
        {
            if (!_proposer.Failed)
            {
                state.Backend.ForceCommit();
            }
        });
        Quietly.Run(state.Watchable.Dispose);
        Quietly.Run(state.Kv.Dispose);
        Quietly.Run(_wal.Dispose);
        Quietly.Run(state.Backend.Dispose);
        _inbox.Dispose();
    }

    /// <summary>A reading of the counters behind the metrics gauges (all O(1)).</summary>
    internal ServerStats CollectStats()
    {
        var state = _state.Current;
        return new ServerStats(MemberId, Leader, _raftStatus.CommittedIndex, _applier.AppliedIndex, _proposer.PendingCount, state.Backend.QuotaBytes,
            state.Backend.Size, state.Backend.SizeInUse, state.Kv.IndexedKeyCount, _watch.WatcherCount, state.Members.Members.Select(m => m.Id).ToList(),
            state.Members.RemovedIds, _versionMonitor.Versions.LocalVersion.ToString(), state.Versions.ClusterVersion?.ClusterText);
    }

    // The v3 API: each call goes to its service.
    public ValueTask<Outcome<RangeResponse>> RangeAsync(RangeRequest request, CancellationToken cancel) => _kv.RangeAsync(request, cancel);

    public ValueTask<Outcome<PutResponse>> PutAsync(PutRequest request, CancellationToken cancel) => _kv.PutAsync(request, cancel);

    public ValueTask<Outcome<DeleteRangeResponse>> DeleteRangeAsync(DeleteRangeRequest request, CancellationToken cancel) => _kv.DeleteRangeAsync(request, cancel);

    public ValueTask<Outcome<TxnResponse>> TxnAsync(TxnRequest request, CancellationToken cancel) => _kv.TxnAsync(request, cancel);

    public ValueTask<Outcome<CompactionResponse>> CompactAsync(CompactionRequest request, CancellationToken cancel) => _kv.CompactAsync(request, cancel);

    public ValueTask<Outcome<LeaseGrantResponse>> LeaseGrantAsync(LeaseGrantRequest request, CancellationToken cancel) => _leases.LeaseGrantAsync(request, cancel);

    public ValueTask<Outcome<LeaseRevokeResponse>> LeaseRevokeAsync(LeaseRevokeRequest request, CancellationToken cancel) => _leases.LeaseRevokeAsync(request, cancel);

    public ValueTask<Outcome<LeaseKeepAliveResponse>> LeaseKeepAliveAsync(LeaseKeepAliveRequest request, CancellationToken cancel) => _leases.LeaseKeepAliveAsync(request, cancel);

    public ValueTask<Outcome<LeaseTimeToLiveResponse>> LeaseTimeToLiveAsync(LeaseTimeToLiveRequest request, CancellationToken cancel) => _leases.LeaseTimeToLiveAsync(request, cancel);

    public ValueTask<Outcome<LeaseLeasesResponse>> LeaseLeasesAsync(LeaseLeasesRequest request, CancellationToken cancel) => _leases.LeaseLeasesAsync(request, cancel);

    public IWatchStream OpenWatchStream() => _watch.OpenWatchStream();

    public ValueTask<Outcome<MemberListResponse>> MemberListAsync(MemberListRequest request, CancellationToken cancel) => _cluster.MemberListAsync(request, cancel);

    public ValueTask<Outcome<MemberAddResponse>> MemberAddAsync(MemberAddRequest request, CancellationToken cancel) => _cluster.MemberAddAsync(request, cancel);

    public ValueTask<Outcome<MemberRemoveResponse>> MemberRemoveAsync(MemberRemoveRequest request, CancellationToken cancel) => _cluster.MemberRemoveAsync(request, cancel);

    public ValueTask<Outcome<MemberUpdateResponse>> MemberUpdateAsync(MemberUpdateRequest request, CancellationToken cancel) => _cluster.MemberUpdateAsync(request, cancel);

    public ValueTask<Outcome<MemberPromoteResponse>> MemberPromoteAsync(MemberPromoteRequest request, CancellationToken cancel) => _cluster.MemberPromoteAsync(request, cancel);

    public ValueTask<Outcome<StatusResponse>> StatusAsync(StatusRequest request, CancellationToken cancel) => _maintenance.StatusAsync(request, cancel);

    public ValueTask<Outcome<DefragmentResponse>> DefragmentAsync(DefragmentRequest request, CancellationToken cancel) => _maintenance.DefragmentAsync(request, cancel);

    public ValueTask<Outcome<HashResponse>> HashAsync(HashRequest request, CancellationToken cancel) => _maintenance.HashAsync(request, cancel);

    public ValueTask<Outcome<HashKVResponse>> HashKVAsync(HashKVRequest request, CancellationToken cancel) => _maintenance.HashKVAsync(request, cancel);

    public ValueTask<Outcome<AlarmResponse>> AlarmAsync(AlarmRequest request, CancellationToken cancel) => _maintenance.AlarmAsync(request, cancel);

    public ValueTask<Outcome<IDbSnapshot>> OpenSnapshotAsync(CancellationToken cancel) => _maintenance.OpenSnapshotAsync(cancel);

    public ServerHealth GetHealth() => _maintenance.GetHealth();

    public ValueTask<Outcome<DowngradeResponse>> DowngradeAsync(DowngradeRequest request, CancellationToken cancel) => _maintenance.DowngradeAsync(request, cancel);

    public VersionInfo GetVersions() => _maintenance.GetVersions();
}
