using System.Diagnostics;

namespace Engine.Cluster.Tests;

/// <summary>Runs a one-shot <c>engine</c> command (a tool or a client command) as a real process and returns what it printed.</summary>
internal static class EngineCli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(Engine.TestKit.Processes.EngineServeProcess.EngineDll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"engine {string.Join(' ', args)} did not finish");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Restores <paramref name="snapshot"/> into <paramref name="member"/>'s data dir as a member of <paramref name="initialCluster"/>.</summary>
    public static void Restore(string snapshot, ClusterMember member, string initialCluster, string token, params string[] extra)
    {
        var (code, output, error) = Run(
        [
            "tool", "snapshot", "restore", snapshot, "--data-dir", member.DataDir, "--name", member.Name,
            "--initial-cluster", initialCluster, "--initial-cluster-token", token, "--initial-advertise-peer-urls", member.PeerUrl, .. extra,
        ]);
        Assert.True(code == 0, $"restore into {member.DataDir} failed ({code}): {output} {error}");
    }
}
