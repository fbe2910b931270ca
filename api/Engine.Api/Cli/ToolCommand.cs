using System.CommandLine;
using Engine.Server.Tools;

namespace Engine.Api.Cli;

/// <summary>
/// `engine tool …`: the offline tools in etcdutl's and bbolt's shape — snapshot status and restore, check, dump-db,
/// dump-wal and defrag. Problems go to stderr with a non-zero exit code.
/// </summary>
public static class ToolCommand
{
    public static Command Build()
    {
        var tool = new Command("tool", "Offline tools on data files (never on a running member's files).");
        tool.Subcommands.Add(SnapshotCommand());
        tool.Subcommands.Add(CheckCommand());
        tool.Subcommands.Add(DumpDbCommand());
        tool.Subcommands.Add(DumpWalCommand());
        tool.Subcommands.Add(DefragCommand());
        return tool;
    }

    private static Command SnapshotCommand()
    {
        var file = new Argument<string>("file") { Description = "A snapshot file (db followed by its SHA-256) or a raw db file." };
        var format = new Option<string>("--write-out", "-w") { Description = "Output format: simple, json or table.", DefaultValueFactory = _ => "simple" };
        var status = new Command("status", "Print the hash, revision, total keys, size and version of a snapshot.") { file, format };
        status.SetAction(parse => Guard(() =>
        {
            var s = OfflineTools.SnapshotStatus(parse.GetValue(file)!);
            switch (parse.GetValue(format))
            {
                case "json":
                    Console.WriteLine($"{{\"hash\":{s.Hash},\"revision\":{s.Revision},\"totalKey\":{s.TotalKey},\"totalSize\":{s.TotalSize},\"version\":\"{s.Version}\"}}");
                    break;
                case "table":
                    Console.WriteLine("+----------+----------+------------+------------+---------+");
                    Console.WriteLine("|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE | VERSION |");
                    Console.WriteLine("+----------+----------+------------+------------+---------+");
                    Console.WriteLine($"| {s.Hash:x8} | {s.Revision,8} | {s.TotalKey,10} | {s.TotalSize,10} | {s.Version,7} |");
                    Console.WriteLine("+----------+----------+------------+------------+---------+");
                    break;
                default:
                    Console.WriteLine($"{s.Hash:x8}, {s.Revision}, {s.TotalKey}, {s.TotalSize}, {s.Version}");
                    break;
            }

            return 0;
        }));
        return new Command("snapshot", "Snapshot file tools.") { status, SnapshotRestoreCommand.Build() };
    }

    private static Command CheckCommand()
    {
        var db = new Argument<string>("db") { Description = "Path of a db file (e.g. <data-dir>/member/snap/db)." };
        var check = new Command("check", "Structural check of a db file (every page reachable once or free, keys sorted, metas valid).") { db };
        check.SetAction(parse => Guard(() =>
        {
            var problems = OfflineTools.CheckDb(parse.GetValue(db)!);
            foreach (string problem in problems)
            {
                Console.Error.WriteLine(problem);
            }

            Console.WriteLine(problems.Count == 0 ? "OK" : $"{problems.Count} problem(s) found");
            return problems.Count == 0 ? 0 : 1;
        }));
        return check;
    }

    private static Command DumpDbCommand()
    {
        var db = new Argument<string>("db") { Description = "Path of a db file." };
        var dump = new Command("dump-db", "Print every bucket and its keys (the key bucket's revisions decoded).") { db };
        dump.SetAction(parse => Guard(() =>
        {
            OfflineTools.DumpDb(parse.GetValue(db)!, Console.Out);
            return 0;
        }));
        return dump;
    }

    private static Command DumpWalCommand()
    {
        var dir = new Argument<string>("dir") { Description = "A WAL directory (e.g. <data-dir>/member/wal)." };
        var dump = new Command("dump-wal", "Print every WAL record readably.") { dir };
        dump.SetAction(parse => Guard(() =>
        {
            var problems = OfflineTools.DumpWal(parse.GetValue(dir)!, Console.Out);
            foreach (string problem in problems)
            {
                Console.Error.WriteLine(problem);
            }

            return problems.Count == 0 ? 0 : 1;
        }));
        return dump;
    }

    private static Command DefragCommand()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The member's data directory.", Required = true };
        var defrag = new Command("defrag", "Defragment a stopped member's db file.") { dataDir };
        defrag.SetAction(parse => Guard(() =>
        {
            var (before, after) = OfflineTools.Defragment(parse.GetValue(dataDir)!);
            Console.WriteLine($"Finished defragmenting {parse.GetValue(dataDir)}: {before} -> {after} bytes");
            return 0;
        }));
        return defrag;
    }

    /// <summary>Runs a tool: an error is one line on stderr and exit code 1 (2 for a bad flag), never a stack trace.</summary>
    internal static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"Error: {error.Message}");
            return EngineCli.UsageErrorExitCode;
        }
        catch (Exception error) when (error is IOException or InvalidDataException or UnauthorizedAccessException or FormatException
            or Common.Errors.EngineFatalException or InvalidOperationException)
        {
            Console.Error.WriteLine($"Error: {error.Message}");
            return 1;
        }
    }
}
