using Google.Protobuf;
using Grpc.Core;
using Wire = Engine.Api.Grpc.Etcdserverpb;
using WireKv = Engine.Api.Grpc.Mvccpb;

namespace Engine.Grpc.Tests;

/// <summary>etcdserverpb.Watch as one bidirectional stream: etcd's create/cancel/progress/fragment rules.</summary>
public sealed class WatchTests(GrpcMemberFixture fixture) : IClassFixture<GrpcMemberFixture>
{
    private readonly GrpcMember _member = fixture.Member;

    private static ByteString B(string text) => ByteString.CopyFromUtf8(text);

    private static async Task<Wire.WatchResponse> NextAsync(AsyncDuplexStreamingCall<Wire.WatchRequest, Wire.WatchResponse> call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token), "the watch stream ended");
        return call.ResponseStream.Current;
    }

    private static Wire.WatchRequest Create(string key, string? rangeEnd = null, long startRevision = 0, bool prevKv = false, bool fragment = false) => new()
    {
        CreateRequest = new Wire.WatchCreateRequest
        {
            Key = B(key), RangeEnd = rangeEnd is null ? ByteString.Empty : B(rangeEnd), StartRevision = startRevision, PrevKv = prevKv, Fragment = fragment,
        },
    };

    [Fact]
    public async Task Two_watches_on_one_stream_see_their_own_events_and_cancel_is_acknowledged()
    {
        using var call = _member.Watch.Watch(deadline: GrpcMember.Deadline);
        await call.RequestStream.WriteAsync(Create("w1/a/", "w1/a0"));
        var first = await NextAsync(call);
        await call.RequestStream.WriteAsync(Create("w1/b/", "w1/b0", prevKv: true));
        var second = await NextAsync(call);
        Assert.True(first.Created);
        Assert.True(second.Created);
        Assert.NotEqual(first.WatchId, second.WatchId);

        await _member.Kv.PutAsync(new Wire.PutRequest { Key = B("w1/a/x"), Value = B("1") });
        await _member.Kv.PutAsync(new Wire.PutRequest { Key = B("w1/b/y"), Value = B("2") });
        await _member.Kv.PutAsync(new Wire.PutRequest { Key = B("w1/b/y"), Value = B("3") });
        var events = new List<(long Watch, string Key, string Value, string Prev)>();
        while (events.Count < 3)
        {
            var response = await NextAsync(call);
            events.AddRange(response.Events.Select(e => (response.WatchId, e.Kv.Key.ToStringUtf8(), e.Kv.Value.ToStringUtf8(), e.PrevKv?.Value.ToStringUtf8() ?? "")));
        }

        Assert.Equal((first.WatchId, "w1/a/x", "1", ""), events[0]);
        Assert.Equal((second.WatchId, "w1/b/y", "2", ""), events[1]);
        Assert.Equal((second.WatchId, "w1/b/y", "3", "2"), events[2]);

        await call.RequestStream.WriteAsync(new Wire.WatchRequest { CancelRequest = new Wire.WatchCancelRequest { WatchId = first.WatchId } });
        var canceled = await NextAsync(call);
        Assert.True(canceled.Canceled);
        Assert.Equal(first.WatchId, canceled.WatchId);
    }

    [Fact]
    public async Task Start_revision_replays_history_and_progress_request_answers_with_watch_id_minus_one()
    {
        var put = await _member.Kv.PutAsync(new Wire.PutRequest { Key = B("w2/k"), Value = B("old") });
        await _member.Kv.DeleteRangeAsync(new Wire.DeleteRangeRequest { Key = B("w2/k") });
        using var call = _member.Watch.Watch(deadline: GrpcMember.Deadline);
        await call.RequestStream.WriteAsync(Create("w2/k", startRevision: put.Header.Revision));
        Assert.True((await NextAsync(call)).Created);
        var history = new List<WireKv.Event>();
        while (history.Count < 2)
        {
            history.AddRange((await NextAsync(call)).Events);
        }

        Assert.Equal(WireKv.Event.Types.EventType.Put, history[0].Type);
        Assert.Equal(WireKv.Event.Types.EventType.Delete, history[1].Type);

        // etcd: a progress request on a synced stream is answered with watch_id -1 and the current revision.
        await call.RequestStream.WriteAsync(new Wire.WatchRequest { ProgressRequest = new Wire.WatchProgressRequest() });
        var progress = await NextAsync(call);
        Assert.Equal(-1, progress.WatchId);
        Assert.Empty(progress.Events);
        Assert.True(progress.Header.Revision >= put.Header.Revision + 1);
    }

    [Fact]
    public async Task A_revision_larger_than_max_request_bytes_arrives_in_fragments_when_asked()
    {
        // The member runs with --max-request-bytes 65536; a delete of three 30 KB values with prev_kv is ~90 KB in one revision.
        for (int i = 0; i < 3; i++)
        {
            await _member.Kv.PutAsync(new Wire.PutRequest { Key = B($"w3/{i}"), Value = ByteString.CopyFrom(new byte[30_000]) });
        }

        using var call = _member.Watch.Watch(deadline: GrpcMember.Deadline);
        await call.RequestStream.WriteAsync(Create("w3/", "w30", prevKv: true, fragment: true));
        Assert.True((await NextAsync(call)).Created);
        await _member.Kv.DeleteRangeAsync(new Wire.DeleteRangeRequest { Key = B("w3/"), RangeEnd = B("w30") });

        var parts = new List<Wire.WatchResponse>();
        do
        {
            parts.Add(await NextAsync(call));
        }
        while (parts[^1].Fragment);

        Assert.True(parts.Count > 1, "expected the revision split into fragments");
        Assert.Equal(3, parts.Sum(p => p.Events.Count));
        Assert.All(parts.SkipLast(1), p => Assert.True(p.Fragment));
    }
}
