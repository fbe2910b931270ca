using Engine.Api.Cli;

namespace Engine.Api.Tests;

/// <summary>`engine` flag parsing: etcd's flag names, ENGINE_* environment defaults, exit code 2 on bad flags.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task Unknown_flag_exits_with_code_2()
    {
        Assert.Equal(2, await EngineCli.RunAsync(["serve", "--no-such-flag"]));
    }

    [Fact]
    public async Task Malformed_number_exits_with_code_2()
    {
        Assert.Equal(2, await EngineCli.RunAsync(["serve", "--snapshot-count", "many"]));
    }

    [Fact]
    public async Task Bad_cluster_state_exits_with_code_2()
    {
        Assert.Equal(2, await EngineCli.RunAsync(["serve", "--initial-cluster-state", "maybe"]));
    }

    [Fact]
    public void Force_new_cluster_with_an_existing_cluster_state_is_refused()
    {
        // etcd refuses --force-new-cluster when joining: it restarts a member that has data as a new one-member cluster.
        string? error = ServeCommand.Validate(new Engine.Server.ServerOptions { ForceNewCluster = true, InitialClusterState = "existing" });
        Assert.Contains("--force-new-cluster", error);
        Assert.Null(ServeCommand.Validate(new Engine.Server.ServerOptions { ForceNewCluster = true }));
    }

    [Theory]
    [InlineData("--listen-client-urls", "bogus")]
    [InlineData("--initial-advertise-peer-urls", "127.0.0.1:2380")]
    public async Task A_malformed_url_exits_with_code_2_before_the_member_starts(string flag, string url)
    {
        // etcd refuses a URL without scheme or port at start-up; nothing is created on disk.
        Assert.Equal(2, await EngineCli.RunAsync(["serve", flag, url, "--data-dir", Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}")]));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task A_snapshot_catch_up_of_no_entries_exits_with_code_2(string entries)
    {
        // etcd's --experimental-snapshot-catchup-entries: entries kept behind a snapshot must be positive.
        Assert.Equal(2, await EngineCli.RunAsync(["serve", "--experimental-snapshot-catchup-entries", entries]));
    }

    [Fact]
    public void Environment_names_follow_the_flag()
    {
        Assert.Equal("ENGINE_DATA_DIR", EnvOption.EnvironmentName("--data-dir"));
        Assert.Equal("ENGINE_MAX_TXN_OPS", EnvOption.EnvironmentName("--max-txn-ops"));
        Assert.Equal("ENGINE_EXPERIMENTAL_SNAPSHOT_CATCHUP_ENTRIES", EnvOption.EnvironmentName("--experimental-snapshot-catchup-entries"));
    }

    [Fact]
    public void Environment_variable_supplies_the_default()
    {
        Environment.SetEnvironmentVariable("ENGINE_INITIAL_CLUSTER_TOKEN", "from-env");
        try
        {
            var option = EnvOption.String("--initial-cluster-token", "x", "token");
            var command = new System.CommandLine.RootCommand { option };
            Assert.Equal("from-env", command.Parse([]).GetValue(option));
            Assert.Equal("flag", command.Parse(["--initial-cluster-token", "flag"]).GetValue(option));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ENGINE_INITIAL_CLUSTER_TOKEN", null);
        }
    }
}
