using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Engine.Cluster.Tests.Tls;

/// <summary>
/// Issue 20, peer TLS (etcd's --peer-cert-file/--peer-key-file/--peer-trusted-ca-file/--peer-client-cert-auth): three
/// real members on https:// peer URLs with mutual authentication elect, replicate and catch a follower up by snapshot;
/// plaintext and a member whose peer certificate another CA signed are refused.
/// </summary>
public sealed class PeerTlsTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    /// <summary>A snapshot every 20 entries keeping 5 behind it: a follower down for a few writes needs a snapshot.</summary>
    private static readonly string[] SnapshottingFlags = ["--snapshot-count", "20", "--experimental-snapshot-catchup-entries", "5"];

    private static string[] PeerTlsFlags(TestPki pki, (string Cert, string Key) peer) =>
        ["--peer-cert-file", peer.Cert, "--peer-key-file", peer.Key, "--peer-trusted-ca-file", pki.CaFile, "--peer-client-cert-auth"];

    private static (LocalCluster Cluster, TestPki Pki) NewCluster()
    {
        var cluster = new LocalCluster();
        foreach (var member in cluster.Members)
        {
            member.PeerScheme = "https";
        }

        return (cluster, new TestPki(Path.Combine(cluster.Directory, "pki"), "peer-ca"));
    }

    private static void StartAll(LocalCluster cluster, TestPki pki, ClusterMember? only = null)
    {
        foreach (var member in cluster.Members.Where(m => only is null || m == only))
        {
            member.Start(cluster.InitialCluster, "new", cluster.Token, [.. SnapshottingFlags, .. PeerTlsFlags(pki, pki.Issue(member.Name, member.Name))]);
        }
    }

    [Fact]
    public async Task A_three_member_cluster_with_peer_mutual_TLS_elects_replicates_and_catches_a_follower_up_by_snapshot()
    {
        var (cluster, pki) = NewCluster();
        using var _ = cluster;
        StartAll(cluster, pki);
        var leader = await cluster.WaitForLeaderAsync(Startup);
        long revision = await LocalCluster.PutAsync(leader, "replicated", "1", TimeSpan.FromSeconds(10));
        Assert.Single((await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(20))).Distinct());

        // The peer port speaks TLS only: a plaintext member-list request (no cluster id needed) gets no answer.
        Assert.Equal(0, await PlaintextMembersRequestAsync(leader.PeerPort));

        var follower = cluster.Members.First(m => m != leader);
        follower.Kill();
        for (int i = 0; i < 60; i++)
        {
            revision = await LocalCluster.PutAsync(leader, $"while-down/{i:d3}", new string('v', 100), TimeSpan.FromSeconds(10));
        }

        StartAll(cluster, pki, follower);
        var hashes = await cluster.HashKvAtAsync(revision, TimeSpan.FromSeconds(30));
        Assert.Equal(3, hashes.Count);
        Assert.Single(hashes.Distinct());
        string metrics = await follower.Client.GetStringAsync("/metrics");
        Assert.True(MetricSum(metrics, "etcd_network_snapshot_receive_success") >= 1, $"no snapshot received over TLS: {cluster.Diagnostics()}");
    }

    [Fact]
    public async Task A_member_whose_peer_certificate_another_CA_signed_cannot_join()
    {
        var (cluster, pki) = NewCluster();
        using var _ = cluster;
        StartAll(cluster, pki);
        await cluster.WaitForLeaderAsync(Startup);

        var intruder = new ClusterMember("n4", Path.Combine(cluster.Directory, "n4"), LocalCluster.FreePort(), LocalCluster.FreePort()) { PeerScheme = "https" };
        var (status, body) = await cluster.Members[0].PostAsync("/v3/cluster/member/add", $"{{\"peerURLs\":[\"{intruder.PeerUrl}\"],\"isLearner\":true}}");
        Assert.True(status == HttpStatusCode.OK, $"member add: {status} {body}");

        // It trusts the cluster's CA, but its own certificate comes from another CA: the members refuse its client certificate.
        var other = new TestPki(Path.Combine(cluster.Directory, "other-pki"), "other-ca");
        var forged = other.Issue("n4", "n4");
        string[] flags = ["--peer-cert-file", forged.Cert, "--peer-key-file", forged.Key, "--peer-trusted-ca-file", pki.CaFile, "--peer-client-cert-auth"];
        cluster.Members.Add(intruder);
        intruder.Start($"{cluster.InitialCluster.Replace(",n4=" + intruder.PeerUrl, "")},n4={intruder.PeerUrl}", "existing", cluster.Token, flags);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (intruder.IsRunning && DateTime.UtcNow < deadline)
        {
            Assert.Equal(0UL, await intruder.LeaderAsync());
            await Task.Delay(200);
        }

        Assert.False(intruder.IsRunning, "the member with another CA's certificate is still running");
        string intruderLog = Joined(intruder.Log);
        Assert.Contains("could not fetch the cluster's members", intruderLog);
        Assert.True(cluster.Members.Take(3).Any(m => Joined(m.Log).Contains("TLS handshake from")), $"no member logged the refused handshake: {cluster.Diagnostics()} / n4: {intruderLog}");

        // The cluster is unharmed.
        var leader = await cluster.WaitForLeaderAsync(Startup);
        await LocalCluster.PutAsync(leader, "still-writable", "1", TimeSpan.FromSeconds(10));
    }

    /// <summary>Sends the peer handshake of a member-list request in plaintext; returns how many bytes came back before the close.</summary>
    private static async Task<int> PlaintextMembersRequestAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        byte[] hello = new byte[30];
        BitConverter.TryWriteBytes(hello, 0x50474E45u);
        hello[4] = 1;
        hello[5] = 3;
        await stream.WriteAsync(hello);
        int total = 0;
        byte[] buffer = new byte[256];
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                total += read;
            }
        }
        catch (IOException)
        {
            // reset by the peer: nothing more to read
        }

        return total;
    }

    private static string Joined(List<string> log)
    {
        lock (log)
        {
            return string.Join('\n', log);
        }
    }

    private static double MetricSum(string metrics, string name) => metrics.Split('\n')
        .Where(line => line.StartsWith(name, StringComparison.Ordinal) && !line.StartsWith('#'))
        .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
