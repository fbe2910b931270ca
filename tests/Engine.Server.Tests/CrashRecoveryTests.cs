using Engine.Protocol;
using Engine.TestKit.IO;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests;

/// <summary>
/// Durability (etcd #14370): a write is acknowledged only after its WAL record is fsynced, so a power cut
/// that drops every unsynced byte (and the db's unflushed batch) never loses an acknowledged write.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Theory]
    [InlineData(DamageModel.DropUnsynced)]
    [InlineData(DamageModel.TearLastWrite)]
    [InlineData(DamageModel.RandomSubset)]
    public async Task Power_cut_after_acknowledged_writes_loses_none_of_them(DamageModel damage)
    {
        var fs = new CrashFileSystem(1L << 30);
        var server = Start("/data", fs);
        var acknowledged = new List<(string Key, long Revision)>();
        for (int i = 0; i < 80; i++)
        {
            var put = await server.PutAsync(new PutRequest { Key = Bytes($"k{i}"), Value = Bytes($"v{i}") }, default);
            Assert.Null(put.Error);
            acknowledged.Add(($"k{i}", put.Value!.Header!.Revision));
        }

        // Cut the power: nothing that was not synced survives; the old process's threads die with it.
        fs.CrashAtOperation = fs.Operations + 1;
        using var rebooted = fs.AfterCrash(damage, new Random(7));
        server.Dispose();
        fs.Dispose();

        using var recovered = Start("/data", rebooted);
        foreach (var (key, revision) in acknowledged)
        {
            var range = await recovered.RangeAsync(new RangeRequest { Key = Bytes(key) }, default);
            Assert.Equal(revision, range.Value!.Kvs![0].ModRevision);
        }

        var next = await recovered.PutAsync(new PutRequest { Key = Bytes("after"), Value = Bytes("x") }, default);
        Assert.Equal(acknowledged[^1].Revision + 1, next.Value!.Header!.Revision);
    }
}
