using Engine.Membership;
using Engine.Membership.Versions;
using Engine.Server.Bootstrap;

namespace Engine.Server.Transport;

/// <summary>
/// Start-up of a member added with <c>member add</c> and started with <c>--initial-cluster-state existing</c>:
/// asks the other members named in <c>--initial-cluster</c> for the cluster id and the member list, and finds
/// itself in it by its advertised peer URLs (its id was chosen by the member that handled the add).
/// </summary>
internal static class ClusterJoin
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static (ulong ClusterId, ulong MemberId) Discover(ServerOptions options, SemanticVersion? serverVersion = null)
    {
        var cluster = InitialCluster.TryParse(options.EffectiveInitialCluster, out string? error) ?? throw new ArgumentException(error);
        var ownUrls = options.InitialAdvertisePeerUrls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var peerUrls = cluster.Members.Where(m => m.Name != options.Name).SelectMany(m => m.PeerUrls).Except(ownUrls).ToList();
        if (peerUrls.Count == 0)
        {
            throw new ArgumentException("--initial-cluster-state existing needs at least one other member in --initial-cluster");
        }

        var tls = Security.TlsStartup.PeerEndpoint(options, null);
        var deadline = DateTime.UtcNow + Patience;
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            foreach (string url in peerUrls)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    var (clusterId, members) = MemberListExchange.FetchAsync(url, tls, timeout.Token).GetAwaiter().GetResult();
                    var self = members.FirstOrDefault(m => m.PeerUrls.Intersect(ownUrls).Any());
                    if (self is null)
                    {
                        throw new ArgumentException($"this member ({string.Join(",", ownUrls)}) is not in the cluster's member list; add it with 'member add' first");
                    }

                    RefuseOlderServer(url, tls, serverVersion, timeout.Token);
                    return (clusterId, self.Id);
                }
                catch (Exception failure) when (failure is IOException or System.Net.Sockets.SocketException or OperationCanceledException or InvalidDataException or PeerRefusedException)
                {
                    last = $"{url}: {failure.Message}";
                }
            }

            Thread.Sleep(200);
        }

        throw new InvalidOperationException($"could not fetch the cluster's members from {string.Join(",", peerUrls)} ({last})");
    }

    /// <summary>
    /// etcd's isCompatibleWithCluster: the cluster's version (as the member at <paramref name="url"/> reports it)
    /// must not be above this server's major.minor (etcd #13405: admission depends only on the cluster version).
    /// </summary>
    private static void RefuseOlderServer(string url, Security.TlsEndpoint? tls, SemanticVersion? serverVersion, CancellationToken cancel)
    {
        if (serverVersion is not SemanticVersion server)
        {
            return;
        }

        var answer = PeerVersionExchange.FetchAsync(url, tls, cancel).GetAwaiter().GetResult();
        SemanticVersion? cluster = SemanticVersion.TryParse(answer?.Cluster, out var decided) ? decided : null;
        if (VersionAdmission.Check(server, cluster) is string refusal)
        {
            throw new ServerStartRefusedException($"the cluster refused this member: {refusal} (as reported by {url})");
        }
    }
}
