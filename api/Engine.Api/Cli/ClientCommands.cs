using System.CommandLine;
using Engine.Api.Cli.Client;
using Engine.Server.Maintenance;

namespace Engine.Api.Cli;

/// <summary>The etcdctl-shaped client commands of `engine`, talking to <c>--endpoints</c> over the v3 JSON gateway.</summary>
public static class ClientCommands
{
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(MaintenanceCommands.Alarm());
        root.Subcommands.Add(KvCommands.Compaction());
        root.Subcommands.Add(MaintenanceCommands.Defrag());
        root.Subcommands.Add(KvCommands.Del());
        root.Subcommands.Add(DowngradeCommands.Build());
        root.Subcommands.Add(MaintenanceCommands.Endpoint());
        root.Subcommands.Add(KvCommands.Get());
        root.Subcommands.Add(LeaseCommands.Build());
        root.Subcommands.Add(MemberCommands.Build());
        root.Subcommands.Add(KvCommands.Put());
        root.Subcommands.Add(StreamCommands.Snapshot());
        root.Subcommands.Add(TxnCommand.Build());
        root.Subcommands.Add(Version());
        root.Subcommands.Add(StreamCommands.Watch());
    }

    /// <summary>etcdctl's <c>version</c>: the client's version and the API version it speaks.</summary>
    private static Command Version()
    {
        var command = new Command("version", "Prints the version of engine");
        ClientContext.Wire(command, "", (ctx, args, parse, cancel) =>
        {
            ctx.Out.WriteLine($"engine version: {BuildInfo.ServerVersion}");
            ctx.Out.WriteLine($"API version: {BuildInfo.ClusterVersion[..BuildInfo.ClusterVersion.LastIndexOf('.')]}");
            return Task.FromResult(CtlExit.Success);
        });
        return command;
    }
}
