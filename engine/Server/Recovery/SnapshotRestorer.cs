using Engine.Common.IO;
using Engine.Raft;
using Engine.Server.Storage;
using Engine.Wal;

namespace Engine.Server.Recovery;

/// <summary>
/// <c>engine tool snapshot restore</c> (etcdutl snapshot restore): builds a new member's data dir from a snapshot
/// file. Flags are checked first (<see cref="RestorePlan"/>), then in a staging directory beside the target: the db
/// is copied with its SHA-256 verified, checked, rewritten for the new cluster (<see cref="RestoredDb"/>), a WAL is
/// created with the new ids, a snapshot marker at the plan's point and a hard state committing it, and the
/// matching snapshot record is saved — so the member recovers at that point with an empty log, exactly like a
/// member that just installed a snapshot. Only a complete staging directory is moved onto the target.
/// </summary>
public static class SnapshotRestorer
{
    /// <summary>Restores; <paramref name="progress"/> gets (stage, done, total) for a terminal display.</summary>
    public static RestoreResult Restore(RestoreOptions options, Action<string, long, long>? progress = null)
    {
        var plan = RestorePlan.Create(options);
        if (!File.Exists(options.SnapshotPath))
        {
            throw new FileNotFoundException($"snapshot {options.SnapshotPath}: no such file", options.SnapshotPath);
        }

        using var stage = StagedDataDir.Create(options.DataDir);
        string dbPath = Path.Combine(stage.SnapDir, "db");
        SnapshotFile.CopyDb(options.SnapshotPath, dbPath, options.SkipHashCheck, (done, total) => progress?.Invoke("copying db", done, total));
        progress?.Invoke("checking db", 0, 1);
        long latest = RestoredDb.Verify(dbPath, options.SnapshotPath);
        progress?.Invoke("rewriting membership", 0, 1);
        latest = RestoredDb.Rewrite(dbPath, plan, latest, options);
        progress?.Invoke("writing WAL", 0, 1);
        WriteStartPoint(stage, plan);
        stage.Publish();
        progress?.Invoke("done", 1, 1);
        return new RestoreResult(options.DataDir, plan.MemberId, plan.ClusterId, plan.Index, plan.Term, latest, plan.Members.Count);
    }

    /// <summary>The WAL (new ids, a marker at the plan's point, a hard state committing it) and the matching snapshot record.</summary>
    internal static void WriteStartPoint(StagedDataDir stage, RestorePlan plan)
    {
        var fs = PosixFileSystem.Instance;
        using (var wal = WriteAheadLog.Create(fs, stage.WalDir, new WalMetadata(plan.MemberId, plan.ClusterId)))
        {
            wal.SaveSnapshotMarker(plan.Index, plan.Term, RaftCodec.ToBytes(plan.ConfState));
            wal.Save(new WalHardState(plan.Term, 0, plan.Index), ReadOnlySpan<WalEntry>.Empty);
        }

        new SnapshotRecordStore(fs, stage.SnapDir).Save(plan.Index, plan.Term, plan.ConfState);
    }
}
