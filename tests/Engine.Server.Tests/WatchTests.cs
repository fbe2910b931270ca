using Engine.Protocol;
using Engine.TestKit;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests;

/// <summary>Watch through the server: events of applied writes reach a stream in revision order, with etcd's headers.</summary>
public sealed class WatchTests
{
    [Fact]
    public async Task A_prefix_watcher_sees_puts_and_deletes_applied_after_it_was_created()
    {
        using var dir = new TempDir();
        using var server = Start(dir.Path);
        await using var stream = server.OpenWatchStream();
        await stream.SubmitAsync(new WatchRequest { CreateRequest = new WatchCreateRequest { Key = Bytes("w/"), RangeEnd = Bytes("w0"), PrevKv = true } }, default);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var created = await stream.Responses.ReadAsync(timeout.Token);
        Assert.True(created.Created);
        Assert.Equal(server.MemberId, created.Header!.MemberId);

        await server.PutAsync(new PutRequest { Key = Bytes("w/a"), Value = Bytes("1") }, default);
        await server.PutAsync(new PutRequest { Key = Bytes("other"), Value = Bytes("x") }, default);
        await server.PutAsync(new PutRequest { Key = Bytes("w/a"), Value = Bytes("2") }, default);
        await server.DeleteRangeAsync(new DeleteRangeRequest { Key = Bytes("w/a") }, default);

        var events = new List<Event>();
        while (events.Count < 3)
        {
            var response = await stream.Responses.ReadAsync(timeout.Token);
            Assert.Equal(server.ClusterId, response.Header!.ClusterId);
            events.AddRange(response.Events ?? []);
        }

        Assert.Equal([2L, 4L, 5L], events.Select(e => e.Kv!.ModRevision));
        Assert.Equal(EventType.Delete, events[2].Type);
        Assert.Equal("2"u8.ToArray(), events[2].PrevKv!.Value);
        Assert.Equal("1"u8.ToArray(), events[1].PrevKv!.Value);
    }

    [Fact]
    public async Task A_watcher_from_a_past_revision_catches_up_from_the_backend()
    {
        using var dir = new TempDir();
        using var server = Start(dir.Path);
        for (int i = 0; i < 5; i++)
        {
            await server.PutAsync(new PutRequest { Key = Bytes("h"), Value = Bytes($"{i}") }, default);
        }

        await using var stream = server.OpenWatchStream();
        await stream.SubmitAsync(new WatchRequest { CreateRequest = new WatchCreateRequest { Key = Bytes("h"), StartRevision = 3 } }, default);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<long>();
        while (seen.Count < 4)
        {
            var response = await stream.Responses.ReadAsync(timeout.Token);
            seen.AddRange((response.Events ?? []).Select(e => e.Kv!.ModRevision));
        }

        Assert.Equal([3L, 4L, 5L, 6L], seen);
    }
}
