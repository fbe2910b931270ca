using Engine.Common.IO;
using Engine.Protocol;
using Engine.Raft;
using Engine.Server.Storage;
using Engine.Storage.Backend;
using Engine.TestKit;
using Engine.Wal;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests;

/// <summary>
/// etcd's RecoverSnapshotBackend: a crash after raft persisted a leader's snapshot (WAL marker + hard state) but
/// before the apply loop moved the received <c>&lt;index&gt;.snap.db</c> over the db must lose nothing: the next
/// start installs it before replaying the WAL from its marker. A received db raft never accepted is not used.
/// </summary>
public sealed class SnapshotRestartTests
{
    private static readonly IFileSystem Fs = PosixFileSystem.Instance;

    [Fact]
    public async Task A_received_snapshot_whose_marker_is_in_the_wal_is_installed_on_restart_and_then_removed()
    {
        using var dir = new TempDir("snap-restart");
        var (member, snapshot) = await CrashedBeforeInstall(dir, withMarker: true);

        using (var server = Start(member))
        {
            for (int i = 0; i < 5; i++)
            {
                var range = await server.RangeAsync(new RangeRequest { Key = Bytes($"late/{i}") }, default);
                Assert.Equal(1, range.Value!.Count);
            }

            var next = await server.PutAsync(new PutRequest { Key = Bytes("after-restart"), Value = Bytes("x") }, default);
            Assert.Null(next.Error);
        }

        string snapDir = Path.Combine(member, "member", "snap");
        Assert.False(File.Exists(SnapshotDbFiles.PathOf(snapDir, snapshot.Index)));
        Assert.Equal(snapshot.Index, new SnapshotRecordStore(Fs, snapDir).Newest(ulong.MaxValue)!.Value.Index);
        using var db = Backend.Open(Fs, Path.Combine(snapDir, "db"));
        Assert.True(db.ReadAppliedState().ConsistentIndex > snapshot.Index);
        Assert.Empty(db.Check());
    }

    [Fact]
    public async Task A_received_snapshot_raft_never_persisted_is_not_installed()
    {
        using var dir = new TempDir("snap-orphan");
        var (member, snapshot) = await CrashedBeforeInstall(dir, withMarker: false);

        using (var server = Start(member))
        {
            var early = await server.RangeAsync(new RangeRequest { Key = Bytes("early/0") }, default);
            Assert.Equal(1, early.Value!.Count);
            var late = await server.RangeAsync(new RangeRequest { Key = Bytes("late/0") }, default);
            Assert.Equal(0, late.Value!.Count);
        }

        string snapDir = Path.Combine(member, "member", "snap");
        using var db = Backend.Open(Fs, Path.Combine(snapDir, "db"));
        Assert.True(db.ReadAppliedState().ConsistentIndex < snapshot.Index);
        Assert.Empty(db.Check());
    }

    /// <summary>
    /// A member whose db and WAL stop at "early/*" while <c>&lt;index&gt;.snap.db</c> holds "late/*" too, as a follower
    /// leaves them when it dies between raft persisting the snapshot and installing it (with the WAL marker and
    /// the hard state raft saved for it, or without when raft never accepted it).
    /// </summary>
    private static async Task<(string Member, SnapshotMetadata Snapshot)> CrashedBeforeInstall(TempDir dir, bool withMarker)
    {
        string source = dir.File("source");
        string member = dir.File("member");
        using (var server = Start(source))
        {
            await PutAll(server, "early", 5);
        }

        CopyDirectory(source, member);
        using (var server = Start(source))
        {
            await PutAll(server, "late", 5);
        }

        string snapDir = Path.Combine(member, "member", "snap");
        var snapshot = SnapshotSender.MetadataOf(Fs, Path.Combine(source, "member", "snap", "db"));
        File.Copy(Path.Combine(source, "member", "snap", "db"), SnapshotDbFiles.PathOf(snapDir, snapshot.Index));
        if (withMarker)
        {
            var record = new SnapshotRecordStore(Fs, snapDir).Newest(ulong.MaxValue);
            string walDir = Path.Combine(member, "member", "wal");
            using var wal = WriteAheadLog.Open(Fs, walDir, record?.Index ?? 0, record?.Term ?? 0, out var replay, new WalOptions { SegmentBytes = 1 << 20 });
            ulong vote = replay.HardState?.Vote ?? 0;
            replay.Dispose();
            wal.SaveSnapshotMarker(snapshot.Index, snapshot.Term, RaftCodec.ToBytes(snapshot.ConfState));
            wal.Save(new WalHardState(snapshot.Term, vote, snapshot.Index), ReadOnlySpan<WalEntry>.Empty);
        }

        return (member, snapshot);
    }

    private static async Task PutAll(EngineServer server, string prefix, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var put = await server.PutAsync(new PutRequest { Key = Bytes($"{prefix}/{i}"), Value = Bytes("v") }, default);
            Assert.Null(put.Error);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories).Prepend(from))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
