using Engine.Common.IO;
using Engine.Protocol;
using Engine.Server.Bootstrap;
using Engine.Storage.Backend;
using Engine.TestKit;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests;

/// <summary>
/// Issue 11 (start-up with many keys): the db is a complete point in time, so after a restart raft's log starts
/// at the db's consistent index (as if a snapshot had been taken there) instead of at the newest snapshot record;
/// the entries the db holds are neither decoded again nor re-applied, and the member keeps working across
/// further restarts.
/// </summary>
public sealed class RecoveryPointTests
{
    private static readonly IFileSystem Fs = PosixFileSystem.Instance;

    [Fact]
    public async Task After_a_restart_raft_log_starts_after_the_db_consistent_index_not_at_the_snapshot_record()
    {
        using var dir = new TempDir("recovery-point");
        string data = Path.Combine(dir.Path, "m");
        // No snapshot record is ever taken: without the recovery point every entry since index 1 would be rebuilt.
        Action<ServerOptions> noSnapshots = o => o.SnapshotCount = 1_000_000;
        using (var server = Start(data, tune: noSnapshots))
        {
            for (int i = 0; i < 40; i++)
            {
                Assert.Null((await server.PutAsync(new PutRequest { Key = Bytes($"k/{i}"), Value = Bytes($"v{i}") }, default)).Error);
            }
        }

        var options = Options(data);
        noSnapshots(options);
        ulong applied;
        using (var parts = new PartsHandle(ServerBootstrap.Open(options, Fs)))
        {
            applied = parts.Parts.AppliedIndex;
            Assert.True(applied > 40, $"applied index {applied}");
            Assert.Equal(applied, parts.Parts.Storage.Snapshot().Metadata.Index);
            Assert.Equal(applied + 1, parts.Parts.Storage.FirstIndex());
            Assert.Equal(parts.Parts.AppliedTerm, parts.Parts.Storage.Snapshot().Metadata.Term);
            Assert.Contains(parts.Parts.MemberId, parts.Parts.Storage.Snapshot().Metadata.ConfState.Voters);
        }

        for (int restart = 0; restart < 2; restart++)
        {
            using var server = Start(data, tune: noSnapshots);
            var all = await server.RangeAsync(new RangeRequest { Key = Bytes("k/"), RangeEnd = Bytes("k0") }, default);
            Assert.Equal(40 + restart, all.Value!.Count);
            Assert.Null((await server.PutAsync(new PutRequest { Key = Bytes($"k/after-{restart}"), Value = Bytes("x") }, default)).Error);
        }

        using var db = Backend.Open(Fs, Path.Combine(data, "member", "snap", "db"));
        Assert.True(db.ReadAppliedState().ConsistentIndex > applied);
        Assert.Empty(db.Check());
    }

    /// <summary>Disposes what <see cref="ServerBootstrap.Open"/> opened without starting a server.</summary>
    private sealed class PartsHandle(ServerParts parts) : IDisposable
    {
        public ServerParts Parts { get; } = parts;

        public void Dispose()
        {
            Parts.Wal.Dispose();
            Parts.State.Retire();
        }
    }
}
