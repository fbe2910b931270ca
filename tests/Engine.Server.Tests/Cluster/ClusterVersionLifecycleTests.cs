using Engine.Protocol;
using Engine.Server.Bootstrap;
using Engine.TestKit.IO;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests.Cluster;

/// <summary>
/// The cluster version and downgrade lifecycle on one in-process member (etcd's version monitor, Downgrade
/// RPC and MustDetectDowngrade after #13405), with the test-only server version override: the version is
/// decided through raft, ENABLE moves it to the target, the job ends by itself once the member runs the
/// target, a server below the cluster version is refused on its data dir, and an upgrade raises it back.
/// </summary>
public sealed class ClusterVersionLifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static EngineServer StartAs(CrashFileSystem fs, string version) =>
        Start("/data", fs, o =>
        {
            o.TestServerVersion = version;
            o.VersionMonitorIntervalMs = 20;
        });

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    private static Task<Outcome<DowngradeResponse>> Downgrade(EngineServer server, DowngradeAction action, string version = "") =>
        server.DowngradeAsync(new DowngradeRequest { Action = action, Version = version }, default).AsTask();

    [Fact]
    public async Task Downgrade_then_upgrade_moves_the_cluster_version_through_raft_and_refuses_an_older_server()
    {
        using var fs = new CrashFileSystem(1L << 30);
        var server = StartAs(fs, "3.6.0");
        try
        {
            // A new cluster starts at its members' version.
            await WaitForAsync(() => server.GetVersions().Cluster == "3.6.0", "cluster version 3.6.0");
            await WaitForAsync(() => server.GetVersions().Storage == "3.6.0", "storage version 3.6.0");

            var validate = await Downgrade(server, DowngradeAction.Validate, "3.5");
            Assert.Null(validate.Error);
            Assert.Equal("3.6", validate.Value!.Version);
            Assert.Same(EtcdErrors.InvalidDowngradeTargetVersion, (await Downgrade(server, DowngradeAction.Validate, "3.4")).Error);
            Assert.Same(EtcdErrors.WrongDowngradeVersionFormat, (await Downgrade(server, DowngradeAction.Enable, "three")).Error);
            Assert.Same(EtcdErrors.NoInflightDowngrade, (await Downgrade(server, DowngradeAction.Cancel)).Error);

            Assert.Null((await Downgrade(server, DowngradeAction.Enable, "3.5.0")).Error);
            var status = (await server.StatusAsync(new StatusRequest(), default)).Value!;
            Assert.True(status.DowngradeInfo!.Enabled);
            Assert.Equal("3.5.0", status.DowngradeInfo.TargetVersion);

            // The leader moves the cluster version to the target; the storage version follows.
            await WaitForAsync(() => server.GetVersions().Cluster == "3.5.0", "cluster version 3.5.0");
            await WaitForAsync(() => server.GetVersions().Storage == "3.5.0", "storage version 3.5.0");
            var second = (await Downgrade(server, DowngradeAction.Enable, "3.5")).Error;
            Assert.True(second == EtcdErrors.InvalidDowngradeTargetVersion || second == EtcdErrors.DowngradeInProcess, second?.Message);
        }
        finally
        {
            server.Dispose();
        }

        // A 3.4 server is refused on a 3.5 data dir, naming both versions.
        var refused = Assert.Throws<ServerStartRefusedException>(() => StartAs(fs, "3.4.0"));
        Assert.Contains("3.4.0", refused.Message);
        Assert.Contains("cluster version 3.5", refused.Message);

        // The member now runs the target: the job ends by itself, the cluster version stays at 3.5.
        server = StartAs(fs, "3.5.0");
        try
        {
            await WaitForAsync(() => !server.StatusAsync(new StatusRequest(), default).AsTask().Result.Value!.DowngradeInfo!.Enabled, "the job to cancel itself");
            Assert.Equal("3.5.0", server.GetVersions().Cluster);
            Assert.Equal("3.5.0", (await server.StatusAsync(new StatusRequest(), default)).Value!.Version);
        }
        finally
        {
            server.Dispose();
        }

        // Upgrade back: every member runs 3.6, so the cluster version rises to 3.6.
        server = StartAs(fs, "3.6.0");
        try
        {
            await WaitForAsync(() => server.GetVersions().Cluster == "3.6.0", "cluster version back at 3.6.0");
            await WaitForAsync(() => server.GetVersions().Storage == "3.6.0", "storage version back at 3.6.0");
        }
        finally
        {
            server.Dispose();
        }
    }

    [Fact]
    public void A_malformed_test_server_version_refuses_the_start()
    {
        using var fs = new CrashFileSystem(1L << 30);
        var refused = Assert.Throws<ServerStartRefusedException>(() => StartAs(fs, "3.5"));
        Assert.Contains("ENGINE_TEST_SERVER_VERSION", refused.Message);
    }
}
