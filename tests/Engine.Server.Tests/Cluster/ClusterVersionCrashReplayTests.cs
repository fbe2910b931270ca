using Engine.Protocol;
using Engine.Server.Entries;
using Engine.TestKit.IO;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests.Cluster;

/// <summary>
/// etcd #12854 / #13000: ClusterVersionSet, ClusterMemberAttrSet and DowngradeInfoSet are applied exactly once,
/// in the same backend transaction as their consistent index. A power cut at an I/O operation while a sequence
/// of them is proposed leaves, after restart and WAL replay, the membership state (cluster version, downgrade
/// job, members and their attributes) of a prefix of the sequence that includes every acknowledged entry, and a
/// clean restart after that shows the same state again.
/// </summary>
public sealed class ClusterVersionCrashReplayTests
{
    private const string ClientUrl = "http://127.0.0.1:2379";

    private sealed record MembershipState(string? Cluster, bool DowngradeEnabled, string Target, string Members);

    private static readonly (Func<RaftRequest> Entry, MembershipState After)[] Sequence =
    [
        (() => Cv("3.6.0"), new("3.6.0", false, "", "default")),
        (Attributes, new("3.6.0", false, "", "default")),
        (() => Job(true, "3.5.0"), new("3.6.0", true, "3.5.0", "default")),
        (() => Cv("3.5.0"), new("3.5.0", true, "3.5.0", "default")),
        (Attributes, new("3.5.0", true, "3.5.0", "default")),
        (() => Job(false, ""), new("3.5.0", false, "", "default")),
        (() => Cv("3.6.0"), new("3.6.0", false, "", "default")),
        (() => Job(true, "3.5.0"), new("3.6.0", true, "3.5.0", "default")),
    ];

    private static RaftRequest Cv(string version) => new() { ClusterVersion = new ClusterVersionSet { Version = version } };

    private static RaftRequest Job(bool enabled, string version) => new() { Downgrade = new DowngradeInfoSet { Enabled = enabled, Version = version } };

    // The same attributes the member publishes at every start, so a restart's own publish changes nothing.
    private static RaftRequest Attributes() => new() { MemberAttributes = new MemberAttributesChange { MemberId = 0, Name = "default", ClientUrls = [ClientUrl] } };

    private static EngineServer StartMember(CrashFileSystem fs) => Start("/data", fs, o =>
    {
        o.TestServerVersion = "3.6.0";
        o.VersionMonitorIntervalMs = 0; // only the sequence changes the cluster version
        o.AdvertiseClientUrls = ClientUrl;
    });

    [Fact]
    public async Task A_crash_at_every_sampled_io_point_replays_to_a_prefix_with_every_acknowledged_entry()
    {
        long total = await OperationsOfTheWholeSequenceAsync();
        Assert.True(total > Sequence.Length, $"the sequence performed only {total} I/O operations");
        for (long crashAt = 1; crashAt <= total + 1; crashAt += Math.Max(1, total / 40))
        {
            await CrashAndCheckAsync(crashAt);
        }
    }

    [Fact]
    [Trait("tier", "slow")]
    public async Task A_crash_at_every_io_point_replays_to_a_prefix_with_every_acknowledged_entry()
    {
        long total = await OperationsOfTheWholeSequenceAsync();
        for (long crashAt = 1; crashAt <= total + 1; crashAt++)
        {
            await CrashAndCheckAsync(crashAt);
        }
    }

    private static async Task<long> OperationsOfTheWholeSequenceAsync()
    {
        using var fs = new CrashFileSystem(1L << 30);
        using var server = StartMember(fs);
        await WaitReadyAsync(server);
        long before = fs.Operations;
        Assert.Equal(Sequence.Length, await ProposeAllAsync(server));
        return fs.Operations - before;
    }

    private static async Task CrashAndCheckAsync(long crashAt)
    {
        var fs = new CrashFileSystem(1L << 30);
        var server = StartMember(fs);
        await WaitReadyAsync(server);
        fs.CrashAtOperation = fs.Operations + crashAt;
        int acknowledged = await ProposeAllAsync(server, fs);
        fs.CrashAtOperation = Math.Min(fs.CrashAtOperation.Value, fs.Operations + 1);
        using var rebooted = fs.AfterCrash(DamageModel.DropUnsynced, new Random((int)crashAt));
        server.Dispose();
        fs.Dispose();

        MembershipState recovered;
        using (var restarted = StartMember(rebooted))
        {
            await WaitReadyAsync(restarted);
            recovered = await StateOfAsync(restarted);
        }

        var allowed = new List<MembershipState>();
        if (acknowledged == 0)
        {
            allowed.Add(new MembershipState(null, false, "", "default"));
        }

        allowed.AddRange(Sequence.Skip(Math.Max(0, acknowledged - 1)).Select(s => s.After));
        Assert.True(allowed.Contains(recovered),
            $"crash at I/O {crashAt}: {acknowledged} entries acknowledged, recovered {recovered}, allowed {string.Join(" | ", allowed)}");

        using var again = StartMember(rebooted);
        await WaitReadyAsync(again);
        Assert.Equal(recovered, await StateOfAsync(again));
    }

    private static async Task<int> ProposeAllAsync(EngineServer server, CrashFileSystem? fs = null)
    {
        int acknowledged = 0;
        foreach (var (entry, _) in Sequence)
        {
            var request = entry();
            if (request.MemberAttributes is { } attributes)
            {
                attributes.MemberId = server.MemberId;
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                var outcome = await server.Proposer.ProposeAsync<object>(request, timeout.Token);
                if (outcome.IsError)
                {
                    break;
                }
            }
            catch (Exception) when (fs is { HasCrashed: true })
            {
                break; // the power went: the loops stop with the simulated crash
            }

            acknowledged++;
        }

        return acknowledged;
    }

    private static async Task WaitReadyAsync(EngineServer server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var status = (await server.StatusAsync(new StatusRequest(), default)).Value!;
            if (server.GetHealth().IsReady && status.RaftAppliedIndex >= status.RaftIndex)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the member did not become ready and applied");
            await Task.Delay(5);
        }
    }

    private static async Task<MembershipState> StateOfAsync(EngineServer server)
    {
        var status = (await server.StatusAsync(new StatusRequest(), default)).Value!;
        var members = (await server.MemberListAsync(new MemberListRequest(), default)).Value!.Members!;
        string described = string.Join(",", members.Select(m => $"{m.Name}@{string.Join(";", m.ClientURLs ?? [])}"));
        Assert.Equal($"default@{ClientUrl}", described);
        return new MembershipState(server.GetVersions().Cluster, status.DowngradeInfo!.Enabled, status.DowngradeInfo.TargetVersion ?? "", "default");
    }
}
