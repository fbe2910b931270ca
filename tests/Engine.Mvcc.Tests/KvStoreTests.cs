using System.Text;
using Engine.Protocol;
using Engine.Mvcc.Tests.Support;
using Engine.Storage.Schema;

namespace Engine.Mvcc.Tests;

/// <summary>etcd KV behaviours of etcd-api.md §1.4 and §2, one rule per test.</summary>
public sealed class KvStoreTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static KvStore NewStore(MemoryKvBackend? backend = null, Engine.Mvcc.Lease.ILeaseAttachments? leases = null) =>
        new(backend ?? new MemoryKvBackend(), new KvStoreOptions { CompactInline = true, Leases = leases, MaxTxnOps = 4 });

    private static Outcome<T> Write<T>(KvStore store, Func<KvWriteTxn, Outcome<T>> op)
        where T : class
    {
        using var txn = store.BeginWrite();
        var outcome = op(txn);
        txn.End(1, 1, []);
        return outcome;
    }

    private static void Put(KvStore store, string key, string value) => Write(store, t => t.Put(new PutRequest { Key = B(key), Value = B(value) }));

    [Fact]
    public void Store_starts_at_revision_1_and_the_first_write_is_revision_2()
    {
        using var store = NewStore();
        Assert.Equal(1, store.CurrentRevision);
        var put = Write(store, t => t.Put(new PutRequest { Key = B("a"), Value = B("1") }));
        Assert.Equal(2, put.Value!.Header!.Revision);
        Assert.Equal(2, store.CurrentRevision);
        var kv = store.Range(new RangeRequest { Key = B("a") }).Value!.Kvs!.Single();
        Assert.Equal((2L, 2L, 1L), (kv.CreateRevision, kv.ModRevision, kv.Version));
    }

    [Fact]
    public void Put_of_the_same_value_bumps_the_revision_and_version_but_a_no_op_delete_does_not()
    {
        using var store = NewStore();
        Put(store, "a", "1");
        Put(store, "a", "1");
        Assert.Equal(3, store.CurrentRevision);
        var delete = Write(store, t => t.DeleteRange(new DeleteRangeRequest { Key = B("zz") }));
        Assert.Equal((0L, 3L), (delete.Value!.Deleted, delete.Value.Header!.Revision));
        Assert.Equal(3, store.CurrentRevision);
        Assert.Equal(2, store.Range(new RangeRequest { Key = B("a") }).Value!.Kvs![0].Version);
    }

    [Fact]
    public void Delete_then_put_starts_a_new_generation_with_version_1()
    {
        using var store = NewStore();
        Put(store, "a", "1");
        Write(store, t => t.DeleteRange(new DeleteRangeRequest { Key = B("a") }));
        Put(store, "a", "2");
        var kv = store.Range(new RangeRequest { Key = B("a") }).Value!.Kvs!.Single();
        Assert.Equal((4L, 4L, 1L), (kv.CreateRevision, kv.ModRevision, kv.Version));
        Assert.Null(store.Range(new RangeRequest { Key = B("a"), Revision = 3 }).Value!.Kvs);
        Assert.Equal("1", Encoding.UTF8.GetString(store.Range(new RangeRequest { Key = B("a"), Revision = 2 }).Value!.Kvs![0].Value!));
    }

    [Fact]
    public void Range_revision_above_current_is_future_and_below_compaction_is_compacted_but_at_it_is_fine()
    {
        using var store = NewStore();
        for (int i = 0; i < 5; i++)
        {
            Put(store, "a", $"{i}");
        }

        Assert.Same(EtcdErrors.FutureRevision, store.Range(new RangeRequest { Key = B("a"), Revision = 7 }).Error);
        Assert.False(Write(store, t => t.Compact(4)).IsError);
        Assert.Same(EtcdErrors.Compacted, store.Range(new RangeRequest { Key = B("a"), Revision = 3 }).Error);
        Assert.Equal(4, store.Range(new RangeRequest { Key = B("a"), Revision = 4 }).Value!.Kvs![0].ModRevision);
        Assert.Same(EtcdErrors.Compacted, Write(store, t => t.Compact(4)).Error);
        Assert.Same(EtcdErrors.FutureRevision, Write(store, t => t.Compact(9)).Error);
    }

    [Fact]
    public void Range_header_reports_the_current_revision_even_for_a_historical_read()
    {
        using var store = NewStore();
        Put(store, "a", "1");
        Put(store, "b", "1");
        Assert.Equal(3, store.Range(new RangeRequest { Key = B("a"), Revision = 2 }).Value!.Header!.Revision);
    }

    [Fact]
    public void Empty_key_is_not_provided_for_every_request_kind()
    {
        using var store = NewStore();
        Assert.Same(EtcdErrors.EmptyKey, store.Range(new RangeRequest()).Error);
        Assert.Same(EtcdErrors.EmptyKey, Write(store, t => t.Put(new PutRequest { Value = B("x") })).Error);
        Assert.Same(EtcdErrors.EmptyKey, Write(store, t => t.DeleteRange(new DeleteRangeRequest())).Error);
        Assert.Same(EtcdErrors.EmptyKey, Write(store, t => t.Txn(new TxnRequest { Compare = [new Compare()] })).Error);
        Assert.Equal(1, store.CurrentRevision);
    }

    [Fact]
    public void Put_ignore_value_and_ignore_lease_need_an_existing_key_and_no_value_or_lease()
    {
        using var store = NewStore(leases: new RecordingLeases(7));
        Assert.Same(EtcdErrors.KeyNotFound, Write(store, t => t.Put(new PutRequest { Key = B("a"), IgnoreValue = true })).Error);
        Assert.Same(EtcdErrors.KeyNotFound, Write(store, t => t.Put(new PutRequest { Key = B("a"), IgnoreLease = true })).Error);
        Assert.Same(EtcdErrors.ValueProvided, Write(store, t => t.Put(new PutRequest { Key = B("a"), Value = B("x"), IgnoreValue = true })).Error);
        Assert.Same(EtcdErrors.LeaseProvided, Write(store, t => t.Put(new PutRequest { Key = B("a"), Lease = 7, IgnoreLease = true })).Error);
        Write(store, t => t.Put(new PutRequest { Key = B("a"), Value = B("keep"), Lease = 7 }));
        var put = Write(store, t => t.Put(new PutRequest { Key = B("a"), IgnoreValue = true, IgnoreLease = true, PrevKv = true }));
        Assert.Equal("keep", Encoding.UTF8.GetString(put.Value!.PrevKv!.Value!));
        var kv = store.Range(new RangeRequest { Key = B("a") }).Value!.Kvs!.Single();
        Assert.Equal(("keep", 7L, 2L), (Encoding.UTF8.GetString(kv.Value!), kv.Lease, kv.Version));
    }

    [Fact]
    public void Put_with_an_unknown_lease_is_lease_not_found()
    {
        using var store = NewStore(leases: new RecordingLeases(1));
        Assert.Same(EtcdErrors.LeaseNotFound, Write(store, t => t.Put(new PutRequest { Key = B("a"), Lease = 2 })).Error);
        Assert.Equal(1, store.CurrentRevision);
    }

    [Fact]
    public void Txn_with_an_empty_request_op_is_key_not_found_on_apply_too_as_etcd()
    {
        // The apply path used to accept an empty op that the gateway refused (issue 16); both use one validator now.
        using var store = NewStore();
        Assert.Same(EtcdErrors.KeyNotFound, Write(store, t => t.Txn(new TxnRequest { Success = [new RequestOp()] })).Error);
        Assert.Equal(1, store.CurrentRevision);
    }

    [Fact]
    public void Txn_with_more_operations_than_max_txn_ops_is_refused()
    {
        using var store = NewStore();
        var ops = Enumerable.Range(0, 5).Select(i => new RequestOp { RequestPut = new PutRequest { Key = B($"k{i}") } }).ToList();
        Assert.Same(EtcdErrors.TooManyOps, Write(store, t => t.Txn(new TxnRequest { Success = ops })).Error);
    }

    [Theory]
    [InlineData("put a; put a", true)]
    [InlineData("del a; put a", true)]
    [InlineData("del a..c; put b", true)]
    [InlineData("del a; del a", false)]
    [InlineData("put a; put b", false)]
    [InlineData("txn(put a | put a); put b", false)]
    [InlineData("txn(put a | put b); put a", true)]
    [InlineData("txn(del a | ); put a", true)]
    public void Txn_duplicate_key_rule_follows_etcd(string ops, bool duplicate)
    {
        using var store = NewStore();
        var txn = new TxnRequest { Success = ParseOps(ops) };
        var outcome = Write(store, t => t.Txn(txn));
        Assert.Equal(duplicate, outcome.Error == EtcdErrors.DuplicateKey);
    }

    private static List<RequestOp> ParseOps(string text)
    {
        var ops = new List<RequestOp>();
        foreach (var part in text.Split("; "))
        {
            if (part.StartsWith("txn(", StringComparison.Ordinal))
            {
                var branches = part[4..^1].Split(" | ");
                ops.Add(new RequestOp { RequestTxn = new TxnRequest { Success = ParseOps(branches[0]), Failure = branches[1].Length == 0 ? [] : ParseOps(branches[1]) } });
            }
            else if (part.StartsWith("put ", StringComparison.Ordinal))
            {
                ops.Add(new RequestOp { RequestPut = new PutRequest { Key = B(part[4..]) } });
            }
            else
            {
                var range = part[4..].Split("..");
                ops.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = B(range[0]), RangeEnd = range.Length > 1 ? B(range[1]) : null } });
            }
        }

        return ops;
    }

    [Fact]
    public void Txn_changes_are_atomic_in_one_revision_and_compares_see_the_state_before_the_txn()
    {
        using var store = NewStore();
        Put(store, "a", "1");
        var txn = new TxnRequest
        {
            Compare = [new Compare { Key = B("a"), Target = CompareTarget.Value, Value = B("1") }, new Compare { Key = B("b"), Target = CompareTarget.Create, CreateRevision = 0 }],
            Success =
            [
                new RequestOp { RequestPut = new PutRequest { Key = B("a"), Value = B("2") } },
                new RequestOp { RequestPut = new PutRequest { Key = B("b"), Value = B("2") } },
                new RequestOp { RequestRange = new RangeRequest { Key = B("a") } },
            ],
        };
        var response = Write(store, t => t.Txn(txn)).Value!;
        Assert.True(response.Succeeded);
        Assert.Equal(3, response.Header!.Revision);
        Assert.Equal(3, response.Responses![2].ResponseRange!.Kvs![0].ModRevision);
        var kvs = store.Range(new RangeRequest { Key = B("a"), RangeEnd = B("c") }).Value!.Kvs!;
        Assert.All(kvs, kv => Assert.Equal(3, kv.ModRevision));
        var value = Write(store, t => t.Txn(new TxnRequest { Compare = [new Compare { Key = B("zz"), Target = CompareTarget.Value, Result = CompareResult.NotEqual, Value = B("x") }] }));
        Assert.False(value.Value!.Succeeded); // VALUE on a missing key always fails
    }

    [Fact]
    public void Invalid_sort_option_is_refused()
    {
        using var store = NewStore();
        Assert.Same(EtcdErrors.InvalidSortOption, store.Range(new RangeRequest { Key = B("a"), SortOrder = (SortOrder)7 }).Error);
    }

    [Fact]
    public void Hash_kv_is_equal_on_two_stores_with_the_same_writes_even_if_one_reopened_and_differs_otherwise()
    {
        var backendA = new MemoryKvBackend();
        var a = NewStore(backendA);
        using var b = NewStore();
        using var c = NewStore();
        var random = new Random(5);
        for (int i = 0; i < 60; i++)
        {
            string key = $"k{random.Next(6)}";
            foreach (var store in new[] { a, b })
            {
                if (i % 7 == 3)
                {
                    Write(store, t => t.DeleteRange(new DeleteRangeRequest { Key = B(key) }));
                }
                else
                {
                    Put(store, key, $"v{i}");
                }
            }

            Put(c, key, $"v{i}");
            if (i == 30)
            {
                a.Dispose();
                a = NewStore(backendA);
                Write(a, t => t.Compact(20));
                Write(b, t => t.Compact(20));
            }
        }

        for (long rev = 20; rev <= a.CurrentRevision; rev += 7)
        {
            Assert.Equal(a.HashByRevision(rev, out long ha, out long ca), b.HashByRevision(rev, out long hb, out long cb));
            Assert.Equal((ha, ca), (hb, cb));
        }

        Assert.NotEqual(a.HashByRevision(0, out _, out _), c.HashByRevision(0, out _, out _));
        Assert.Same(EtcdErrors.Compacted, a.HashKv(10).Error);
        Assert.Same(EtcdErrors.FutureRevision, a.HashKv(a.CurrentRevision + 1).Error);
        a.Dispose();
    }

    [Fact]
    public async Task Background_compaction_deletes_old_revisions_in_batches_and_records_the_finished_revision()
    {
        var backend = new MemoryKvBackend();
        using var store = new KvStore(backend, new KvStoreOptions { CompactionBatchLimit = 2, CompactionSleepInterval = TimeSpan.FromMilliseconds(1) });
        for (int i = 0; i < 10; i++)
        {
            Put(store, "a", $"{i}");
        }

        Assert.Equal(10, backend.Count(Buckets.Key));
        Assert.False(Write(store, t => t.Compact(8)).IsError);
        await store.WhenCompacted(8).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(8, store.FinishedCompactRevision);
        Assert.Equal(4, backend.Count(Buckets.Key)); // revisions 8 (kept: newest at or below 8), 9, 10, 11
        using var reopened = new KvStore(backend, new KvStoreOptions { CompactInline = true });
        Assert.Equal((11L, 8L), (reopened.CurrentRevision, reopened.CompactRevision));
    }

    [Fact]
    public void Lease_attachments_follow_puts_overwrites_and_deletes_and_are_restored_on_open()
    {
        var backend = new MemoryKvBackend();
        var leases = new RecordingLeases(1, 2);
        var store = NewStore(backend, leases);
        Write(store, t => t.Put(new PutRequest { Key = B("a"), Lease = 1 }));
        Write(store, t => t.Put(new PutRequest { Key = B("b"), Lease = 1 }));
        Write(store, t => t.Put(new PutRequest { Key = B("a"), Lease = 2 }));
        Write(store, t => t.DeleteRange(new DeleteRangeRequest { Key = B("b") }));
        Assert.Equal(["a"], leases.Attached[2]);
        Assert.Empty(leases.Attached[1]);
        store.Dispose();
        var restored = new RecordingLeases(1, 2);
        using var reopened = NewStore(backend, restored);
        Assert.Equal(["a"], restored.Attached[2]);
        Assert.False(restored.Attached.ContainsKey(1));
    }
}
