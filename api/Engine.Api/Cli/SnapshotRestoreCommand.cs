using System.CommandLine;
using Engine.Server.Recovery;

namespace Engine.Api.Cli;

/// <summary>
/// `engine tool snapshot restore`: etcdutl snapshot restore's flags, decoded and handed to
/// <see cref="SnapshotRestorer"/>; progress is drawn on stderr when it is a terminal.
/// </summary>
public static class SnapshotRestoreCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("file") { Description = "A snapshot file from 'snapshot save' (db followed by its SHA-256), or a raw db with --skip-hash-check." };
        var dataDir = new Option<string>("--data-dir") { Description = "The data directory to create (must not exist or be empty).", Required = true };
        var name = new Option<string>("--name") { Description = "This member's name in --initial-cluster.", DefaultValueFactory = _ => "default" };
        var initialCluster = new Option<string>("--initial-cluster") { Description = "The new cluster: name=peer-url,... (default: this member alone).", DefaultValueFactory = _ => "" };
        var token = new Option<string>("--initial-cluster-token") { Description = "The new cluster's token (member and cluster ids derive from it).", DefaultValueFactory = _ => "engine-cluster" };
        var peerUrls = new Option<string>("--initial-advertise-peer-urls") { Description = "This member's peer URLs.", DefaultValueFactory = _ => "http://127.0.0.1:2380" };
        var skipHash = new Option<bool>("--skip-hash-check") { Description = "Accept a file without a SHA-256 trailer (a db copied out of a data dir)." };
        var bump = new Option<long>("--bump-revision") { Description = "Raise the latest revision by this much (watchers never see revisions go backwards)." };
        var markCompacted = new Option<bool>("--mark-compacted") { Description = "Mark every revision up to the bumped one compacted (needs --bump-revision)." };
        var restore = new Command("restore", "Create a new member's data directory from a snapshot, for a new cluster (etcdutl snapshot restore).")
        {
            file, dataDir, name, initialCluster, token, peerUrls, skipHash, bump, markCompacted,
        };
        restore.SetAction(parse => ToolCommand.Guard(() =>
        {
            var options = new RestoreOptions
            {
                SnapshotPath = parse.GetValue(file)!, DataDir = parse.GetValue(dataDir)!, Name = parse.GetValue(name)!,
                InitialCluster = parse.GetValue(initialCluster)!, InitialClusterToken = parse.GetValue(token)!,
                InitialAdvertisePeerUrls = parse.GetValue(peerUrls)!, SkipHashCheck = parse.GetValue(skipHash),
                BumpRevision = parse.GetValue(bump), MarkCompacted = parse.GetValue(markCompacted),
            };
            var result = SnapshotRestorer.Restore(options, Console.IsErrorRedirected ? null : DrawProgress);
            Console.WriteLine($"restored snapshot {options.SnapshotPath} into {options.DataDir}: member {result.MemberId:x} of cluster {result.ClusterId:x} " +
                $"({result.MemberCount} member(s)), latest revision {result.LatestRevision}, raft index {result.Index} term {result.Term}");
            return 0;
        }));
        return restore;
    }

    private static void DrawProgress(string stage, long done, long total)
    {
        string amount = total > 1 ? $" {done * 100 / Math.Max(1, total),3}% ({done}/{total} bytes)" : "";
        Console.Error.Write($"\r{stage}{amount}".PadRight(72));
        if (stage == "done")
        {
            Console.Error.WriteLine();
        }
    }
}
