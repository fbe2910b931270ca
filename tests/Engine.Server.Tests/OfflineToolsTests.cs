using System.Security.Cryptography;
using Engine.Protocol;
using Engine.Server.Tools;
using Engine.TestKit;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests;

/// <summary>The offline tools (etcdutl/bbolt shape) on a data directory written by a real member.</summary>
public sealed class OfflineToolsTests
{
    private static async Task<string> WriteSomeData(TempDir dir, int keys)
    {
        using var server = Start(dir.Path);
        for (int i = 0; i < keys; i++)
        {
            await server.PutAsync(new PutRequest { Key = Bytes($"tool/{i}"), Value = Bytes(new string('v', 100)) }, default);
        }

        await server.DeleteRangeAsync(new DeleteRangeRequest { Key = Bytes("tool/0") }, default);
        return dir.Path;
    }

    [Fact]
    public async Task Check_passes_on_a_clean_db_and_dump_db_decodes_revisions()
    {
        using var dir = new TempDir();
        string data = await WriteSomeData(dir, 10);
        Assert.Empty(OfflineTools.CheckDb(OfflineTools.DbPath(data)));
        var dump = new StringWriter();
        OfflineTools.DumpDb(OfflineTools.DbPath(data), dump);
        string text = dump.ToString();
        Assert.Contains("bucket key (id 1)", text);
        Assert.Contains("rev={2 0} key=tool/0", text);
        Assert.Contains("tombstone key=tool/0", text);
        Assert.Contains("bucket meta (id 2)", text);
    }

    [Fact]
    public async Task Dump_wal_lists_the_entries_without_problems()
    {
        using var dir = new TempDir();
        string data = await WriteSomeData(dir, 3);
        var output = new StringWriter();
        Assert.Empty(OfflineTools.DumpWal(OfflineTools.WalPath(data), output));
        Assert.Contains("entry", output.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Snapshot_status_reads_revision_and_keys_and_rejects_a_bad_hash()
    {
        using var dir = new TempDir();
        string data = await WriteSomeData(dir, 10);
        byte[] db = await File.ReadAllBytesAsync(OfflineTools.DbPath(data));
        string snapshot = dir.File("snap.db");
        await File.WriteAllBytesAsync(snapshot, [.. db, .. SHA256.HashData(db)]);
        var status = OfflineTools.SnapshotStatus(snapshot);
        Assert.Equal(12, status.Revision);
        Assert.True(status.TotalKey >= 11);
        Assert.Equal(db.Length + 32, status.TotalSize);

        byte[] corrupt = [.. db, .. SHA256.HashData(db)];
        corrupt[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(snapshot, corrupt);
        Assert.Throws<InvalidDataException>(() => OfflineTools.SnapshotStatus(snapshot));
    }

    [Fact]
    public async Task Offline_defrag_keeps_the_data_and_passes_check()
    {
        using var dir = new TempDir();
        string data = await WriteSomeData(dir, 200);
        var (before, after) = OfflineTools.Defragment(data);
        Assert.True(after <= before);
        Assert.Empty(OfflineTools.CheckDb(OfflineTools.DbPath(data)));
        using var server = Start(data);
        var all = await server.RangeAsync(new RangeRequest { Key = Bytes("tool/"), RangeEnd = Bytes("tool0"), CountOnly = true }, default);
        Assert.Equal(199, all.Value!.Count);
    }

    [Fact]
    public void Tools_refuse_a_missing_file_instead_of_creating_one()
    {
        using var dir = new TempDir();
        string missing = dir.File("no.db");
        Assert.Throws<FileNotFoundException>(() => OfflineTools.CheckDb(missing));
        Assert.Throws<FileNotFoundException>(() => OfflineTools.DumpDb(missing, new StringWriter()));
        Assert.Throws<FileNotFoundException>(() => OfflineTools.Defragment(dir.Path));
        Assert.False(File.Exists(missing));
    }
}
