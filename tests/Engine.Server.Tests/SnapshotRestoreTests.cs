using System.Security.Cryptography;
using Engine.Membership;
using Engine.Protocol;
using Engine.Server.Recovery;
using Engine.TestKit;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests;

/// <summary>
/// etcdutl snapshot restore (etcd #12820: restored membership is exactly the new cluster; #16029: --bump-revision
/// and --mark-compacted) on snapshots taken from an in-process member.
/// </summary>
public sealed class SnapshotRestoreTests
{
    private const string PeerUrl = "http://127.0.0.1:2380";

    /// <summary>What the source member held when the snapshot was taken.</summary>
    private sealed record Source(string Snapshot, long Revision, long CompactRevision, long LeaseId, uint HashKv, ulong MemberId, Dictionary<long, string> RangesByRevision);

    private static async Task<Source> TakeSnapshot(TempDir dir)
    {
        using var server = Start(Path.Combine(dir.Path, "source"));
        for (int i = 0; i < 5; i++)
        {
            await server.PutAsync(new PutRequest { Key = Bytes($"k/{i}"), Value = Bytes($"v{i}-1") }, default);
            await server.PutAsync(new PutRequest { Key = Bytes($"k/{i}"), Value = Bytes($"v{i}-2") }, default);
        }

        await server.DeleteRangeAsync(new DeleteRangeRequest { Key = Bytes("k/1") }, default);
        var lease = (await server.LeaseGrantAsync(new LeaseGrantRequest { TTL = 600 }, default)).Value!;
        await server.PutAsync(new PutRequest { Key = Bytes("leased/a"), Value = Bytes("x"), Lease = lease.ID }, default);
        var last = (await server.PutAsync(new PutRequest { Key = Bytes("leased/b"), Value = Bytes("y"), Lease = lease.ID }, default)).Value!;
        long compact = 6;
        Assert.False((await server.CompactAsync(new CompactionRequest { Revision = compact, Physical = true }, default)).IsError);
        long revision = last.Header!.Revision;
        var ranges = new Dictionary<long, string>();
        for (long rev = compact; rev <= revision; rev++)
        {
            ranges[rev] = await Describe(server, rev);
        }

        uint hash = (await server.HashKVAsync(new HashKVRequest { Revision = revision }, default)).Value!.Hash;
        string snapshot = Path.Combine(dir.Path, "snapshot.db");
        await SaveSnapshot(server, snapshot);
        return new Source(snapshot, revision, compact, lease.ID, hash, server.MemberId, ranges);
    }

    private static async Task SaveSnapshot(EngineServer server, string path)
    {
        await using var snapshot = (await server.OpenSnapshotAsync(default)).Value!;
        var db = new MemoryStream();
        await snapshot.WriteToAsync(db, default);
        byte[] bytes = db.ToArray();
        await File.WriteAllBytesAsync(path, [.. bytes, .. SHA256.HashData(bytes)]);
    }

    /// <summary>Every key with its revisions and value at <paramref name="revision"/>, as one comparable text.</summary>
    private static async Task<string> Describe(EngineServer server, long revision)
    {
        var range = await server.RangeAsync(new RangeRequest { Key = [0], RangeEnd = [0], Revision = revision }, default);
        Assert.False(range.IsError, $"range at {revision}: {range.Error?.Message}");
        return string.Join(";", range.Value!.Kvs!.Select(kv =>
            $"{System.Text.Encoding.UTF8.GetString(kv.Key!)}={System.Text.Encoding.UTF8.GetString(kv.Value!)}@{kv.CreateRevision}/{kv.ModRevision}/{kv.Version}/{kv.Lease}"));
    }

    private static RestoreOptions Restore(string snapshot, string dataDir, string token = "restored-token") => new()
    {
        SnapshotPath = snapshot, DataDir = dataDir, Name = "default", InitialClusterToken = token,
        InitialCluster = $"default={PeerUrl}", InitialAdvertisePeerUrls = PeerUrl,
    };

    [Fact]
    public async Task A_restored_member_holds_every_revision_lease_and_the_hash_of_the_source_and_only_the_new_member()
    {
        using var dir = new TempDir();
        var source = await TakeSnapshot(dir);
        string target = Path.Combine(dir.Path, "restored");
        var result = SnapshotRestorer.Restore(Restore(source.Snapshot, target));

        ulong expectedId = MemberIdentity.ComputeMemberId([PeerUrl], "restored-token");
        Assert.Equal(expectedId, result.MemberId);
        Assert.Equal(MemberIdentity.ComputeClusterId([expectedId]), result.ClusterId);
        Assert.Equal(source.Revision, result.LatestRevision);
        using var server = Start(target);
        Assert.Equal(expectedId, server.MemberId);
        Assert.NotEqual(source.MemberId, server.MemberId);
        var members = (await server.MemberListAsync(new MemberListRequest(), default)).Value!.Members!;
        Assert.Equal(expectedId, Assert.Single(members).ID);

        foreach (var (revision, expected) in source.RangesByRevision)
        {
            Assert.Equal(expected, await Describe(server, revision));
        }

        var compacted = await server.RangeAsync(new RangeRequest { Key = Bytes("k/0"), Revision = source.CompactRevision - 1 }, default);
        Assert.True(compacted.IsError, "a revision below the source's compaction must stay compacted");
        Assert.Equal(source.HashKv, (await server.HashKVAsync(new HashKVRequest { Revision = source.Revision }, default)).Value!.Hash);
        var ttl = (await server.LeaseTimeToLiveAsync(new LeaseTimeToLiveRequest { ID = source.LeaseId, Keys = true }, default)).Value!;
        Assert.True(ttl.TTL > 0, "the lease survives");
        Assert.Equal(["leased/a", "leased/b"], ttl.Keys!.Select(k => System.Text.Encoding.UTF8.GetString(k)).Order());

        var put = await server.PutAsync(new PutRequest { Key = Bytes("after"), Value = Bytes("restore") }, default);
        Assert.Equal(source.Revision + 1, put.Value!.Header!.Revision);
    }

    [Fact]
    public async Task Bump_revision_with_mark_compacted_moves_the_next_revision_up_and_compacts_below_it()
    {
        using var dir = new TempDir();
        var source = await TakeSnapshot(dir);
        string target = Path.Combine(dir.Path, "bumped");
        var result = SnapshotRestorer.Restore(Restore(source.Snapshot, target) with { BumpRevision = 1000, MarkCompacted = true });
        Assert.Equal(source.Revision + 1000, result.LatestRevision);

        using var server = Start(target);
        var put = await server.PutAsync(new PutRequest { Key = Bytes("after"), Value = Bytes("bump") }, default);
        Assert.Equal(source.Revision + 1001, put.Value!.Header!.Revision);
        var old = await server.RangeAsync(new RangeRequest { Key = Bytes("k/0"), Revision = source.Revision }, default);
        Assert.True(old.IsError && old.Error!.Message.Contains("compacted", StringComparison.Ordinal), "revisions below the bump read as compacted");
        var now = await server.RangeAsync(new RangeRequest { Key = Bytes("k/0") }, default);
        Assert.Equal("v0-2", System.Text.Encoding.UTF8.GetString(Assert.Single(now.Value!.Kvs!).Value!));
    }

    [Fact]
    public async Task Bump_revision_alone_raises_the_revision_and_keeps_history_readable()
    {
        using var dir = new TempDir();
        var source = await TakeSnapshot(dir);
        string target = Path.Combine(dir.Path, "bumped");
        SnapshotRestorer.Restore(Restore(source.Snapshot, target) with { BumpRevision = 50 });
        using var server = Start(target);
        var put = await server.PutAsync(new PutRequest { Key = Bytes("after"), Value = Bytes("bump") }, default);
        Assert.Equal(source.Revision + 51, put.Value!.Header!.Revision);
        Assert.Equal(source.RangesByRevision[source.Revision], await Describe(server, source.Revision));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Restored_files_are_private_to_the_owner()
    {
        using var dir = new TempDir();
        var source = await TakeSnapshot(dir);
        string target = Path.Combine(dir.Path, "private");
        SnapshotRestorer.Restore(Restore(source.Snapshot, target));
        foreach (string d in Directory.EnumerateDirectories(target, "*", SearchOption.AllDirectories).Append(target))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(d));
        }

        var files = Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("member/snap/db", StringComparison.Ordinal));
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task Bad_files_and_flags_are_refused_with_a_clear_error_and_leave_the_target_untouched()
    {
        using var dir = new TempDir();
        var source = await TakeSnapshot(dir);
        byte[] snapshot = await File.ReadAllBytesAsync(source.Snapshot);
        string target = Path.Combine(dir.Path, "target");

        string raw = dir.File("raw.db");
        await File.WriteAllBytesAsync(raw, snapshot[..^32]);
        AssertRefused<InvalidDataException>(Restore(raw, target), "--skip-hash-check");

        string corrupt = dir.File("corrupt.db");
        byte[] flipped = [.. snapshot];
        flipped[flipped.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(corrupt, flipped);
        AssertRefused<InvalidDataException>(Restore(corrupt, target), "SHA-256 mismatch");

        string truncated = dir.File("truncated.db");
        await File.WriteAllBytesAsync(truncated, snapshot[..(snapshot.Length / 2 + 7)]);
        AssertRefused<InvalidDataException>(Restore(truncated, target), "no SHA-256 trailer");
        await File.WriteAllBytesAsync(truncated, snapshot[..(2 * 4096 + 7)]); // the meta pages only: the tree's pages are gone
        AssertRefused<InvalidDataException>(Restore(truncated, target) with { SkipHashCheck = true }, "snapshot");

        string garbage = dir.File("garbage.db");
        await File.WriteAllBytesAsync(garbage, RandomNumberGenerator.GetBytes(8192));
        AssertRefused<InvalidDataException>(Restore(garbage, target) with { SkipHashCheck = true }, "not a readable Engine db");

        AssertRefused<FileNotFoundException>(Restore(dir.File("missing.db"), target), "no such file");
        AssertRefused<ArgumentException>(Restore(source.Snapshot, target) with { Name = "other" }, "no member named 'other'");
        AssertRefused<ArgumentException>(Restore(source.Snapshot, target) with { InitialAdvertisePeerUrls = "http://127.0.0.1:9999" }, "must match");
        AssertRefused<ArgumentException>(Restore(source.Snapshot, target) with { MarkCompacted = true }, "--mark-compacted can only be used with --bump-revision");
        AssertRefused<ArgumentException>(Restore(source.Snapshot, target) with { InitialCluster = "default=not-a-url" }, "invalid peer URL");

        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "keep.txt"), "mine");
        Assert.Contains("not empty", Assert.Throws<IOException>(() => SnapshotRestorer.Restore(Restore(source.Snapshot, target))).Message);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(target, "keep.txt")));
        Assert.DoesNotContain(Directory.EnumerateDirectories(dir.Path), d => d.Contains(".restore-", StringComparison.Ordinal));

        // The raw db is accepted once the operator says so.
        Directory.Delete(target, recursive: true);
        SnapshotRestorer.Restore(Restore(raw, target) with { SkipHashCheck = true });
        Assert.True(File.Exists(Path.Combine(target, "member", "snap", "db")));
    }

    private static void AssertRefused<TException>(RestoreOptions options, string message)
        where TException : Exception
    {
        var error = Assert.ThrowsAny<TException>(() => SnapshotRestorer.Restore(options));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(options.DataDir), $"{options.DataDir} was created by a refused restore");
        string parent = Path.GetDirectoryName(Path.GetFullPath(options.DataDir))!;
        Assert.DoesNotContain(Directory.EnumerateDirectories(parent), d => d.Contains(".restore-", StringComparison.Ordinal));
    }
}
