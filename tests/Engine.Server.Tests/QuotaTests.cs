using Engine.Protocol;
using Engine.TestKit;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests;

/// <summary>
/// etcd's quota (server/storage/quota.go): once the db would outgrow --quota-backend-bytes the member raises
/// the NOSPACE alarm and refuses puts with "mvcc: database space exceeded"; reads and deletes still work.
/// </summary>
public sealed class QuotaTests
{
    [Fact]
    public async Task Exceeding_the_quota_raises_nospace_and_refuses_puts_but_not_reads_or_deletes()
    {
        using var dir = new TempDir();
        using var server = Start(dir.Path, tune: o => o.QuotaBackendBytes = 512 * 1024);
        byte[] value = new byte[8 * 1024];
        EtcdError? refused = null;
        int written = 0;
        for (int i = 0; i < 400 && refused is null; i++)
        {
            var put = await server.PutAsync(new PutRequest { Key = Bytes($"big/{i:D4}"), Value = value }, default);
            refused = put.Error;
            written += put.IsError ? 0 : 1;
        }

        Assert.Same(EtcdErrors.NoSpace, refused);
        Assert.True(written > 0);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (server.GetHealth().Alarms.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Contains(server.GetHealth().Alarms, a => a.Alarm == AlarmType.NoSpace);
        Assert.Same(EtcdErrors.NoSpace, (await server.PutAsync(new PutRequest { Key = Bytes("small"), Value = Bytes("x") }, default)).Error);
        Assert.Equal(written, (await server.RangeAsync(new RangeRequest { Key = Bytes("big/"), RangeEnd = Bytes("big0"), CountOnly = true }, default)).Value!.Count);
        Assert.Null((await server.DeleteRangeAsync(new DeleteRangeRequest { Key = Bytes("big/"), RangeEnd = Bytes("big0") }, default)).Error);
    }
}
