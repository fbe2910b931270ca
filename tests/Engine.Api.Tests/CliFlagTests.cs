using System.CommandLine;
using System.Text.Json;
using Engine.Api.Cli;
using static Engine.Api.Tests.GatewayHost;

namespace Engine.Api.Tests;

/// <summary>
/// The command line read as etcdctl (cobra/pflag) reads it, against the test double over real HTTP: every
/// subcommand refuses an unknown flag before it runs, so nothing is written (issue 24: `engine del --prefx ab3`
/// deleted two keys), with cobra's words and exit code 1 (serve and tool: the etcd server's exit code 2).
/// </summary>
public sealed class CliFlagTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_subcommand_rejects_an_unknown_flag_without_touching_data()
    {
        Assert.Equal(0, (await Run("put", "ab1", "x")).Code);
        Assert.Equal(0, (await Run("put", "ab2", "y")).Code);
        string before = (await Run("get", "", "--prefix", "-w", "json")).Out;
        List<string[]> leaves = Leaves(EngineCli.Build()).ToList();
        Assert.True(leaves.Count >= 25, $"only {leaves.Count} subcommands found");
        foreach (string[] path in leaves)
        {
            bool server = path[0] is "serve" or "tool";
            var (code, output, error) = await Run([.. path, "--prefx", "ab3", "ab1", "v"]);
            Assert.True(code == (server ? 2 : 1), $"engine {string.Join(' ', path)} --prefx: exit {code}, stderr {error}");
            Assert.Contains("unknown flag: --prefx", error);
            if (!server)
            {
                Assert.StartsWith($"NAME:\n\t{string.Join(' ', path)} - ", output);
            }
        }

        string after = (await Run("get", "", "--prefix", "-w", "json")).Out;
        Assert.Equal(Revision(before), Revision(after));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Unknown_shorthand_missing_value_and_malformed_numbers_are_refused_as_pflag_does()
    {
        Assert.Equal((1, "Error: unknown shorthand flag: 'z' in -z\n\nError: unknown shorthand flag: 'z' in -z\n"), Short(await Run("get", "k", "-z")));
        Assert.Equal((1, "Error: flag needs an argument: --limit\n\nError: flag needs an argument: --limit\n"), Short(await Run("get", "k", "--limit")));
        Assert.Equal((1, "Error: invalid argument \"abc\" for \"--limit\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\n\nError: invalid argument \"abc\" for \"--limit\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\n"),
            Short(await Run("get", "k", "--limit", "abc")));
        Assert.Equal((1, "Error: invalid argument \"2\" for \"--dial-timeout\" flag: time: missing unit in duration \"2\"\n\nError: invalid argument \"2\" for \"--dial-timeout\" flag: time: missing unit in duration \"2\"\n"),
            Short(await Run("get", "k", "--dial-timeout", "2")));
        Assert.Equal((1, "Error: unknown command \"bogus\" for \"engine\"\nRun 'engine --help' for usage.\nError: unknown command \"bogus\" for \"engine\"\n"), Short(await Run("bogus")));
    }

    [Fact]
    public async Task Global_flags_may_precede_the_command_and_subcommands_match_by_unique_prefix()
    {
        // cobra: persistent flags anywhere; etcdctl sets cobra.EnablePrefixMatching.
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await EngineCli.RunAsync(["--endpoints", _host.Endpoint, "pu", "pk", "pv"], output, error));
        Assert.Equal("OK\n", output.ToString());
        Assert.Equal((0, "pk\npv\n", ""), await Run("ge", "pk"));
        Assert.Equal((0, "\\x70\\x6b\n\\x70\\x76\n", ""), await Run("get", "pk", "--hex"));
        Assert.Equal((0, "pv\n", ""), await Run("get", "pk", "--print-value-only=true"));
    }

    [Fact]
    public async Task Values_after_a_double_dash_may_start_with_a_dash()
    {
        Assert.Equal((0, "OK\n", ""), await Run("put", "--", "dash", "-1"));
        Assert.Equal((0, "dash\n-1\n", ""), await Run("get", "dash"));
    }

    [Fact]
    public async Task A_group_without_subcommand_prints_its_help_and_exits_0()
    {
        var (code, output, _) = await Run("lease");
        Assert.Equal(0, code);
        Assert.StartsWith("NAME:\n\tlease - Lease related commands\n\nUSAGE:\n\tengine lease <subcommand> [flags]\n", output);
        Assert.Contains("\tgrant\t\tCreates leases\n", output);
    }

    private static (int, string) Short((int Code, string Out, string Err) run) => (run.Code, run.Err);

    private static long Revision(string json) => JsonDocument.Parse(json).RootElement.GetProperty("header").GetProperty("revision").GetInt64();

    private static IEnumerable<string[]> Leaves(Command command, string[]? prefix = null)
    {
        foreach (Command sub in command.Subcommands)
        {
            string[] path = [.. prefix ?? [], sub.Name];
            if (sub.Subcommands.Count == 0)
            {
                yield return path;
            }

            foreach (string[] deeper in Leaves(sub, path))
            {
                yield return deeper;
            }
        }
    }

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        bool server = args.Length > 0 && args[0] is "serve" or "tool";
        string[] full = server || args.Contains("--endpoints") ? args : ["--endpoints", _host.Endpoint, .. args];
        int code = await EngineCli.RunAsync(full, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
