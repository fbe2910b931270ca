using Engine.Protocol;
using Engine.TestKit;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests.Apply;

/// <summary>
/// Small committed batches are applied on the raft thread when the apply loop is idle, larger ones on the
/// apply thread: whichever path an entry takes, revisions follow raft order and survive a restart.
/// </summary>
public sealed class InlineApplyTests
{
    [Fact]
    public async Task Concurrent_and_lone_writers_get_every_revision_exactly_once_in_raft_order_across_both_apply_paths()
    {
        using var dir = new TempDir();
        const int writers = 32, perWriter = 25;
        var acknowledged = new Dictionary<string, long>();
        using (var server = Start(dir.Path))
        {
            // Bursts (batches of many entries, queued) then a lone writer (one-entry batches, applied inline); snapshots every 50 entries.
            var burst = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var mine = new List<(string, long)>();
                for (int i = 0; i < perWriter; i++)
                {
                    string key = $"w{w:D2}/{i:D2}";
                    var put = await server.PutAsync(new PutRequest { Key = Bytes(key), Value = Bytes(key) }, default);
                    Assert.Null(put.Error);
                    mine.Add((key, put.Value!.Header!.Revision));
                }

                return mine;
            })).ToList();
            foreach (var (key, revision) in (await Task.WhenAll(burst)).SelectMany(x => x))
            {
                acknowledged[key] = revision;
            }

            for (int i = 0; i < 60; i++)
            {
                var put = await server.PutAsync(new PutRequest { Key = Bytes($"lone/{i:D2}"), Value = Bytes("v") }, default);
                Assert.Null(put.Error);
                acknowledged[$"lone/{i:D2}"] = put.Value!.Header!.Revision;
            }

            int total = writers * perWriter + 60;
            Assert.Equal(Enumerable.Range(2, total).Select(r => (long)r), acknowledged.Values.Order());
            await AssertStoredAsync(server, acknowledged);
        }

        using var again = Start(dir.Path);
        await AssertStoredAsync(again, acknowledged);
        var next = await again.PutAsync(new PutRequest { Key = Bytes("after"), Value = Bytes("restart") }, default);
        Assert.Equal(acknowledged.Values.Max() + 1, next.Value!.Header!.Revision);
    }

    private static async Task AssertStoredAsync(EngineServer server, Dictionary<string, long> acknowledged)
    {
        var range = await server.RangeAsync(new RangeRequest { Key = [0], RangeEnd = [0] }, default);
        Assert.Null(range.Error);
        var stored = range.Value!.Kvs!.ToDictionary(kv => System.Text.Encoding.UTF8.GetString(kv.Key!), kv => kv.ModRevision);
        Assert.Equal(acknowledged.Count, stored.Count);
        foreach (var (key, revision) in acknowledged)
        {
            Assert.Equal(revision, stored[key]);
        }
    }
}
