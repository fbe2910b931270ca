using System.Diagnostics;
using System.Text.Json;
using Engine.TestKit;

namespace Engine.Robustness.Tests;

/// <summary>
/// The etcdctl-shaped commands against a real running member (issue 10): output as etcdctl's, `-w json`
/// parsed back, and the failure paths (unknown key, unreachable endpoint, bad flags) with their exit codes.
/// </summary>
public sealed class CliEndToEndTests
{
    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "engine.dll"));
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), $"engine {string.Join(' ', args)} did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Put_get_del_lease_status_and_snapshot_work_against_a_running_member()
    {
        using var dir = new TempDir("engine-cli");
        int port = EngineProcess.FreePort();
        using var engine = EngineProcess.Start(Path.Combine(dir.Path, "data"), port);
        string endpoint = $"127.0.0.1:{port}";

        var put = Cli("put", "greeting", "hello", "--endpoints", endpoint);
        Assert.Equal(0, put.Code);
        Assert.Equal("OK", put.Out.Trim());

        var get = Cli("get", "greeting", "--endpoints", endpoint);
        Assert.Equal(["greeting", "hello"], get.Out.Trim().Split('\n'));

        var json = Cli("get", "greeting", "-w", "json", "--endpoints", endpoint);
        Assert.Equal(0, json.Code);
        var kv = JsonDocument.Parse(json.Out).RootElement.GetProperty("kvs")[0];
        Assert.Equal("aGVsbG8=", kv.GetProperty("value").GetString());

        var missing = Cli("get", "nothing-here", "--endpoints", endpoint);
        Assert.Equal(0, missing.Code);
        Assert.Equal("", missing.Out.Trim());

        var lease = Cli("lease", "grant", "60", "--endpoints", endpoint);
        Assert.Equal(0, lease.Code);
        Assert.Matches("^lease [0-9a-f]+ granted with TTL\\(60s\\)$", lease.Out.Trim());

        var status = Cli("endpoint", "status", "-w", "json", "--endpoints", endpoint);
        Assert.Equal(0, status.Code);
        Assert.Contains("\"leader\"", status.Out);

        string snapshot = dir.File("snap.db");
        var save = Cli("snapshot", "save", snapshot, "--endpoints", endpoint);
        Assert.Equal(0, save.Code);
        var snapStatus = Cli("tool", "snapshot", "status", snapshot, "-w", "json");
        Assert.Equal(0, snapStatus.Code);
        Assert.True(JsonDocument.Parse(snapStatus.Out).RootElement.GetProperty("revision").GetInt64() >= 2);

        var del = Cli("del", "greeting", "--endpoints", endpoint);
        Assert.Equal("1", del.Out.Trim());
    }

    [Fact]
    public void Failure_paths_exit_non_zero_with_an_error_on_stderr()
    {
        int unused = EngineProcess.FreePort();
        var unreachable = Cli("get", "k", "--endpoints", $"127.0.0.1:{unused}", "--command-timeout", "2");
        Assert.NotEqual(0, unreachable.Code);
        Assert.Contains("Error", unreachable.Err);

        var badFlag = Cli("get", "k", "--limit", "many");
        Assert.Equal(2, badFlag.Code);
        Assert.NotEmpty(badFlag.Err);

        var check = Cli("tool", "check", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.db"));
        Assert.NotEqual(0, check.Code);
    }
}
