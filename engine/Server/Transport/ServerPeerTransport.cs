using System.Text.Json;
using Engine.Membership;
using Engine.Membership.Versions;
using Engine.Raft;
using Engine.Server.Raft;
using Engine.Server.State;

namespace Engine.Server.Transport;

/// <summary>
/// Builds a member's <see cref="PeerTransport"/>: peers' addresses come from the members registry (kept
/// current by applied conf changes) with the initial cluster as the fallback before the bootstrap entries
/// are applied; received messages and delivery reports go to the raft loop.
/// </summary>
internal static class ServerPeerTransport
{
    /// <summary>
    /// The member's transport. A lone member (one member in the initial cluster, the registry and the
    /// configuration) binds its peer URL only once raft first sends to a peer, i.e. after a member add.
    /// </summary>
    public static PeerTransport Create(ServerOptions options, (ulong ClusterId, ulong MemberId) identity, ConfState confState, RaftInbox raft,
        MemberStateHolder state, MemberVersions versions, Storage.SnapshotSender sender, Storage.SnapshotReceiver receiver)
    {
        var initial = InitialMembers(options);
        bool clustered = options.InitialClusterState == "existing" || initial.Count > 1 || state.Current.Members.Members.Count > 1
            || confState.Voters.Count + confState.Learners.Count > 1;

        bool verbose = options.LogLevel is "debug" or "info" or "warn";
        Action<string>? log = verbose ? text => Console.Error.WriteLine($"{{\"level\":\"warn\",\"msg\":{JsonSerializer.Serialize(text, Observability.ServerJsonContext.Default.String)}}}") : null;
        var transport = new PeerTransport(new PeerTransportOptions
        {
            Tls = Security.TlsStartup.PeerEndpoint(options, log),
            ClusterId = identity.ClusterId,
            MemberId = identity.MemberId,
            ListenUrl = FirstUrl(options.ListenPeerUrls),
            ListenOnFirstSend = !clustered,
            ResolvePeerUrl = id => state.Current.Members.Find(id)?.PeerUrls.FirstOrDefault() ?? initial.GetValueOrDefault(id),
            IsRemoved = id => state.Current.Members.IsRemoved(id),
            Members = () => state.Current.Members.Members,
            Versions = () => new PeerVersions(versions.LocalVersion.ToString(), state.Current.Versions.ClusterVersion?.ToString() ?? ""),
            Deliver = message => raft.Enqueue(new RaftInput.Step(message)),
            ReportUnreachable = id => raft.Enqueue(new PeerReport(id, null)),
            ReportSnapshot = (id, status) =>
            {
                string to = id.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
                (status == SnapshotStatus.Finish ? Observability.ServerMetrics.SnapshotSendSuccess : Observability.ServerMetrics.SnapshotSendFailures).WithLabels(to).Inc();
                raft.Enqueue(new PeerReport(id, status));
            },
            SendSnapshot = sender.PrepareAsync,
            ReceiveSnapshot = receiver.ReceiveAsync,
            Log = log,
        });
        return transport;
    }

    /// <summary>Dials the members a replaced registry (a leader's snapshot) knows, other than this one.</summary>
    public static void ConnectAll(PeerTransport transport, MemberRegistry members, ulong self)
    {
        foreach (var member in members.Members.Where(m => m.Id != self))
        {
            transport.Connect(member.Id);
        }
    }

    /// <summary>Starts listening and dials every known peer.</summary>
    public static void Start(PeerTransport transport, ServerOptions options, MemberRegistry members)
    {
        transport.Start();
        foreach (ulong id in InitialMembers(options).Keys.Concat(members.Members.Select(m => m.Id)))
        {
            transport.Connect(id);
        }
    }

    private static Dictionary<ulong, string> InitialMembers(ServerOptions options)
    {
        var cluster = InitialCluster.TryParse(options.EffectiveInitialCluster, out _);
        return cluster is null ? [] : cluster.WithIds(options.InitialClusterToken).ToDictionary(m => m.Id, m => m.PeerUrls[0]);
    }

    private static string FirstUrl(string urls) =>
        urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:2380";
}
