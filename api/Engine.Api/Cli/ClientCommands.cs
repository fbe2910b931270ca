using System.CommandLine;

namespace Engine.Api.Cli;

/// <summary>The etcdctl-shaped client commands of `engine`, talking to <c>--endpoints</c> over the v3 JSON gateway.</summary>
public static class ClientCommands
{
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(KvCommands.Put());
        root.Subcommands.Add(KvCommands.Get());
        root.Subcommands.Add(KvCommands.Del());
        root.Subcommands.Add(TxnCommand.Build());
        root.Subcommands.Add(KvCommands.Compaction());
        root.Subcommands.Add(StreamCommands.Watch());
        root.Subcommands.Add(LeaseCommands.Build());
        root.Subcommands.Add(MaintenanceCommands.Member());
        root.Subcommands.Add(MaintenanceCommands.Endpoint());
        root.Subcommands.Add(MaintenanceCommands.Defrag());
        root.Subcommands.Add(MaintenanceCommands.Alarm());
        root.Subcommands.Add(StreamCommands.Snapshot());
    }
}
