using System.Text;
using Engine.Protocol;
using Engine.Mvcc.Tests.Support;
using Engine.Mvcc.Watch;

namespace Engine.Mvcc.Tests;

/// <summary>etcd watch behaviours of etcd-api.md §3, one rule per test, with the loops driven by hand.</summary>
public sealed class WatchStreamTests : IDisposable
{
    private readonly KvStore _store = new(new MemoryKvBackend(), new KvStoreOptions { CompactInline = true });
    private readonly WatchableStore _watch;

    public WatchStreamTests()
    {
        _watch = new WatchableStore(_store, new WatchOptions { ManualLoops = true, StreamBufferResponses = 2, MaxRequestBytes = 300 });
    }

    public void Dispose()
    {
        _watch.Dispose();
        _store.Dispose();
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private void Put(string key, string value)
    {
        using var txn = _store.BeginWrite();
        txn.Put(new PutRequest { Key = B(key), Value = B(value) });
    }

    private void Delete(string key)
    {
        using var txn = _store.BeginWrite();
        txn.DeleteRange(new DeleteRangeRequest { Key = B(key) });
    }

    private static WatchResponse Next(WatchStream stream)
    {
        var task = stream.ReadAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token).AsTask();
        return task.GetAwaiter().GetResult()!;
    }

    [Fact]
    public void Create_answers_created_with_the_current_revision_then_streams_later_events()
    {
        Put("a", "1");
        using var stream = _watch.NewStream();
        stream.Create(new WatchCreateRequest { Key = B("a") });
        var created = Next(stream);
        Assert.True(created.Created);
        Assert.Equal((0L, 2L), (created.WatchId, created.Header!.Revision));
        Put("a", "2");
        Put("b", "x");
        var events = Next(stream);
        Assert.Equal(3, events.Header!.Revision);
        Assert.Equal("2", Encoding.UTF8.GetString(events.Events!.Single().Kv!.Value!));
        Assert.Equal(0, stream.Pending);
    }

    [Fact]
    public void Start_revision_in_the_past_catches_up_from_the_backend_then_joins_the_synced_group()
    {
        Put("a", "1");
        Put("a", "2");
        Delete("a");
        using var stream = _watch.NewStream();
        stream.Create(new WatchCreateRequest { Key = B("a"), StartRevision = 3 });
        Next(stream);
        Assert.Equal((0, 1, 0), _watch.GroupSizes);
        _watch.SyncWatchers();
        var caughtUp = Next(stream);
        Assert.Equal([EventType.Put, EventType.Delete], caughtUp.Events!.Select(e => e.Type));
        Assert.Equal([3L, 4L], caughtUp.Events!.Select(e => e.Kv!.ModRevision));
        Assert.Equal((1, 0, 0), _watch.GroupSizes);
    }

    [Fact]
    public void Start_below_the_compaction_is_answered_once_with_compact_revision_and_canceled()
    {
        for (int i = 0; i < 5; i++)
        {
            Put("a", $"{i}");
        }

        using (var txn = _store.BeginWrite())
        {
            txn.Compact(4);
        }

        using var stream = _watch.NewStream();
        stream.Create(new WatchCreateRequest { Key = B("a"), StartRevision = 2 });
        Next(stream);
        _watch.SyncWatchers();
        var compacted = Next(stream);
        Assert.Equal((4L, true, null), (compacted.CompactRevision, compacted.Canceled, compacted.CancelReason));
        Assert.Equal((0, 0, 0), _watch.GroupSizes);
    }

    [Fact]
    public void Filters_drop_puts_or_deletes_and_prev_kv_carries_the_previous_value_except_on_create()
    {
        using var stream = _watch.NewStream();
        stream.Create(new WatchCreateRequest { Key = B("a"), Filters = [WatchFilterType.NoPut], PrevKv = true });
        stream.Create(new WatchCreateRequest { Key = B("a"), Filters = [WatchFilterType.NoDelete], PrevKv = true });
        Next(stream);
        Next(stream);
        Put("a", "1");
        Put("a", "2");
        var create = Next(stream);
        Assert.Equal((1L, (KeyValue?)null), (create.WatchId, create.Events!.Single().PrevKv));
        var update = Next(stream);
        Assert.Equal("1", Encoding.UTF8.GetString(update.Events!.Single().PrevKv!.Value!));
        Delete("a");
        var delete = Next(stream);
        Assert.Equal((0L, EventType.Delete), (delete.WatchId, delete.Events!.Single().Type));
        Assert.Equal("2", Encoding.UTF8.GetString(delete.Events![0].PrevKv!.Value!));
    }

    [Fact]
    public void Progress_request_is_answered_with_watch_id_minus_1_only_once_every_watcher_is_synced()
    {
        Put("a", "1");
        using var stream = _watch.NewStream();
        stream.Create(new WatchCreateRequest { Key = B("a"), StartRevision = 1 });
        Next(stream);
        stream.RequestProgress();
        Assert.Equal(0, stream.Pending); // deferred: the watcher is unsynced
        _watch.SyncWatchers();
        Assert.Equal(2, Next(stream).Events!.Single().Kv!.ModRevision);
        var progress = Next(stream);
        Assert.Equal((-1L, 2L, (List<Event>?)null), (progress.WatchId, progress.Header!.Revision, progress.Events));
    }

    [Fact]
    public void Slow_stream_makes_its_watcher_a_victim_without_blocking_writers_and_it_catches_up_without_gaps()
    {
        using var stream = _watch.NewStream();
        stream.Create(new WatchCreateRequest { Key = B("k") });
        Next(stream);
        for (int i = 0; i < 10; i++)
        {
            Put("k", $"{i}");
        }

        Assert.True(_watch.SlowWatcherTotal > 0);
        var revisions = new List<long>();
        for (int round = 0; round < 20 && revisions.Count < 10; round++)
        {
            while (stream.Pending > 0)
            {
                revisions.AddRange(Next(stream).Events!.Select(e => e.Kv!.ModRevision));
            }

            _watch.RetryVictims();
            _watch.SyncWatchers();
        }

        Assert.Equal(Enumerable.Range(2, 10).Select(i => (long)i), revisions);
    }

    [Fact]
    public void Fragment_splits_a_large_response_and_marks_all_but_the_last()
    {
        using var stream = _watch.NewStream();
        stream.Create(new WatchCreateRequest { Key = B("a"), RangeEnd = B("b"), Fragment = true });
        Next(stream);
        using (var txn = _store.BeginWrite())
        {
            for (int i = 0; i < 5; i++)
            {
                txn.Put(new PutRequest { Key = B($"a{i}"), Value = new byte[100] });
            }
        }

        var parts = new List<WatchResponse>();
        do
        {
            parts.Add(Next(stream));
        }
        while (parts[^1].Fragment);

        Assert.True(parts.Count > 1);
        Assert.All(parts[..^1], p => Assert.True(p.Fragment));
        Assert.Equal(5, parts.Sum(p => p.Events!.Count));
    }

    [Fact]
    public void Cancel_answers_canceled_and_stops_events_and_bad_creates_are_refused_with_a_reason()
    {
        using var stream = _watch.NewStream();
        stream.Create(new WatchCreateRequest { Key = B("a"), WatchId = 7 });
        Next(stream);
        stream.Create(new WatchCreateRequest { Key = B("a"), WatchId = 7 });
        var duplicate = Next(stream);
        Assert.Equal((-1L, true, WatchStream.DuplicateWatchId), (duplicate.WatchId, duplicate.Canceled, duplicate.CancelReason));
        stream.Create(new WatchCreateRequest { Key = B("b"), RangeEnd = B("a") });
        Assert.Equal(WatchStream.EmptyWatcherRange, Next(stream).CancelReason);
        stream.Cancel(7);
        var canceled = Next(stream);
        Assert.Equal((7L, true), (canceled.WatchId, canceled.Canceled));
        Put("a", "1");
        Assert.Equal(0, stream.Pending);
    }
}
