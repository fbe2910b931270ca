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
    private static (int Code, string Out, string Err) Cli(params string[] args) => CliWithInput(null, args);

    private static (int Code, string Out, string Err) CliWithInput(string? input, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(Engine.TestKit.Processes.EngineServeProcess.EngineDll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

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
    public async Task Txn_watch_lease_maintenance_and_member_commands_work_against_a_running_member()
    {
        using var dir = new TempDir("engine-cli2");
        int port = EngineProcess.FreePort();
        using var engine = EngineProcess.Start(Path.Combine(dir.Path, "data"), port);
        string endpoint = $"127.0.0.1:{port}";
        Assert.Equal(0, Cli("put", "k1", "v1", "--endpoints", endpoint).Code);
        Assert.Equal(0, Cli("put", "k1", "v2", "--endpoints", endpoint).Code);

        // etcdctl's txn format on stdin: compares, blank line, success ops, blank line, failure ops, blank line
        // (without the last one etcdctl 3.4.23 fails with "Error: EOF", exit 3).
        var txn = CliWithInput("value(\"k1\") = \"v2\"\n\nput k2 from-txn\n\nput k2 failed\n\n", "txn", "--endpoints", endpoint);
        Assert.Equal(0, txn.Code);
        Assert.StartsWith("SUCCESS", txn.Out.Trim());
        Assert.Equal("from-txn", Cli("get", "k2", "--print-value-only", "--endpoints", endpoint).Out.Trim());

        // A watch from revision 2 replays the history of k1, then is stopped.
        var watchInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Engine.TestKit.Processes.EngineServeProcess.EngineDll, "watch", "k1", "--rev", "2", "--endpoints", endpoint })
        {
            watchInfo.ArgumentList.Add(arg);
        }

        using (var watch = Process.Start(watchInfo)!)
        {
            var lines = new List<string>();
            var reading = Task.Run(() =>
            {
                while (lines.Count < 6 && watch.StandardOutput.ReadLine() is string line)
                {
                    lines.Add(line);
                }
            });
            Assert.True(await Task.WhenAny(reading, Task.Delay(30_000)) == reading, "watch printed too little: " + string.Join("|", lines));
            watch.Kill();
            Assert.Equal(["PUT", "k1", "v1", "PUT", "k1", "v2"], lines);
        }

        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(endpoint)}, [0-9]+$", Cli("endpoint", "hashkv", "--endpoints", endpoint).Out.Trim());
        Assert.Contains("is healthy", Cli("endpoint", "health", "--endpoints", endpoint).Err);
        Assert.Contains("compacted revision 3", Cli("compaction", "3", "--endpoints", endpoint).Out);
        Assert.Contains("Finished defragmenting", Cli("defrag", "--endpoints", endpoint).Out);
        Assert.Equal(0, Cli("alarm", "list", "--endpoints", endpoint).Code);
        var members = JsonDocument.Parse(Cli("member", "list", "-w", "json", "--endpoints", endpoint).Out).RootElement;
        Assert.Equal(1, members.GetProperty("members").GetArrayLength());

        string grant = Cli("lease", "grant", "100", "--endpoints", endpoint).Out.Trim();
        string lease = grant.Split(' ')[1];
        Assert.Contains(lease, Cli("lease", "list", "--endpoints", endpoint).Out);
        Assert.Contains("remaining(", Cli("lease", "timetolive", lease, "--endpoints", endpoint).Out);
        Assert.Contains("keepalived with TTL(100)", Cli("lease", "keep-alive", lease, "--once", "--endpoints", endpoint).Out);
        Assert.Contains("revoked", Cli("lease", "revoke", lease, "--endpoints", endpoint).Out);
    }

    [Fact]
    public void Failure_paths_exit_non_zero_with_an_error_on_stderr()
    {
        int unused = EngineProcess.FreePort();
        var unreachable = Cli("get", "k", "--endpoints", $"127.0.0.1:{unused}", "--command-timeout", "2s");
        Assert.NotEqual(0, unreachable.Code);
        Assert.Contains("Error", unreachable.Err);

        // etcdctl (cobra/pflag): a malformed flag value is refused with exit code 1 before anything runs.
        var badFlag = Cli("get", "k", "--limit", "many");
        Assert.Equal(1, badFlag.Code);
        Assert.StartsWith("Error: invalid argument \"many\" for \"--limit\" flag", badFlag.Err);

        var check = Cli("tool", "check", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.db"));
        Assert.NotEqual(0, check.Code);
    }
}
