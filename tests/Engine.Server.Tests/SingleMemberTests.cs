using Engine.Protocol;
using Engine.TestKit;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests;

/// <summary>A single member end to end in-process: writes through raft + WAL + apply, linearizable reads, restart recovery.</summary>
public sealed class SingleMemberTests
{
    [Fact]
    public async Task Put_is_acknowledged_with_a_new_revision_and_read_back_linearizably()
    {
        using var dir = new TempDir();
        using var server = Start(dir.Path);
        var put = await server.PutAsync(new PutRequest { Key = Bytes("a"), Value = Bytes("1") }, default);
        Assert.Null(put.Error);
        Assert.Equal(2, put.Value!.Header!.Revision);
        Assert.Equal(server.MemberId, put.Value.Header.MemberId);
        Assert.Equal(server.ClusterId, put.Value.Header.ClusterId);
        Assert.True(put.Value.Header.RaftTerm >= 2);

        var range = await server.RangeAsync(new RangeRequest { Key = Bytes("a") }, default);
        Assert.Equal("1"u8.ToArray(), range.Value!.Kvs![0].Value);
        Assert.Equal(2, range.Value.Kvs[0].ModRevision);
    }

    [Fact]
    public async Task Restart_recovers_every_acknowledged_write_and_continues_the_revision()
    {
        using var dir = new TempDir();
        using (var server = Start(dir.Path))
        {
            for (int i = 0; i < 120; i++)
            {
                Assert.Null((await server.PutAsync(new PutRequest { Key = Bytes($"k{i:D3}"), Value = Bytes($"v{i}") }, default)).Error);
            }
        }

        using var again = Start(dir.Path);
        var all = await again.RangeAsync(new RangeRequest { Key = [0], RangeEnd = [0] }, default);
        Assert.Equal(120, all.Value!.Count);
        Assert.Equal(121, all.Value.Header!.Revision);
        var next = await again.PutAsync(new PutRequest { Key = Bytes("after"), Value = Bytes("x") }, default);
        Assert.Equal(122, next.Value!.Header!.Revision);
    }

    [Fact]
    public async Task Txn_compare_and_swap_is_atomic_through_raft()
    {
        using var dir = new TempDir();
        using var server = Start(dir.Path);
        await server.PutAsync(new PutRequest { Key = Bytes("x"), Value = Bytes("old") }, default);
        var txn = new TxnRequest
        {
            Compare = [new Compare { Key = Bytes("x"), Target = CompareTarget.Value, Result = CompareResult.Equal, Value = Bytes("old") }],
            Success = [new RequestOp { RequestPut = new PutRequest { Key = Bytes("x"), Value = Bytes("new") } }],
            Failure = [new RequestOp { RequestRange = new RangeRequest { Key = Bytes("x") } }],
        };
        var first = await server.TxnAsync(txn, default);
        var second = await server.TxnAsync(txn, default);
        Assert.True(first.Value!.Succeeded);
        Assert.False(second.Value!.Succeeded);
        Assert.Equal("new"u8.ToArray(), second.Value.Responses![0].ResponseRange!.Kvs![0].Value);
    }

    [Fact]
    public async Task Lease_revoke_deletes_attached_keys_in_one_revision()
    {
        using var dir = new TempDir();
        using var server = Start(dir.Path);
        var grant = await server.LeaseGrantAsync(new LeaseGrantRequest { TTL = 60 }, default);
        Assert.Null(grant.Error);
        long lease = grant.Value!.ID;
        Assert.NotEqual(0, lease);
        await server.PutAsync(new PutRequest { Key = Bytes("l1"), Value = Bytes("a"), Lease = lease }, default);
        var last = await server.PutAsync(new PutRequest { Key = Bytes("l2"), Value = Bytes("b"), Lease = lease }, default);
        var revoke = await server.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, default);
        Assert.Null(revoke.Error);
        Assert.Equal(last.Value!.Header!.Revision + 1, revoke.Value!.Header!.Revision);
        var left = await server.RangeAsync(new RangeRequest { Key = Bytes("l"), RangeEnd = Bytes("m") }, default);
        Assert.Equal(0, left.Value!.Count);
        var again = await server.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, default);
        Assert.Same(EtcdErrors.LeaseNotFound, again.Error);
    }

    [Fact]
    public async Task Compaction_then_reading_below_it_is_an_error()
    {
        using var dir = new TempDir();
        using var server = Start(dir.Path);
        for (int i = 0; i < 5; i++)
        {
            await server.PutAsync(new PutRequest { Key = Bytes("c"), Value = Bytes($"{i}") }, default);
        }

        Assert.Null((await server.CompactAsync(new CompactionRequest { Revision = 4, Physical = true }, default)).Error);
        var old = await server.RangeAsync(new RangeRequest { Key = Bytes("c"), Revision = 3 }, default);
        Assert.Same(EtcdErrors.Compacted, old.Error);
        var future = await server.RangeAsync(new RangeRequest { Key = Bytes("c"), Revision = 100 }, default);
        Assert.Same(EtcdErrors.FutureRevision, future.Error);
    }

    [Fact]
    public async Task Status_reports_leader_indexes_and_sizes()
    {
        using var dir = new TempDir();
        using var server = Start(dir.Path);
        await server.PutAsync(new PutRequest { Key = Bytes("s"), Value = Bytes("1") }, default);
        var status = (await server.StatusAsync(new StatusRequest(), default)).Value!;
        Assert.Equal(server.MemberId, status.Leader);
        Assert.True(status.RaftAppliedIndex >= 2);
        Assert.True(status.DbSize > 0 && status.DbSizeInUse <= status.DbSize);
        Assert.Null(status.Errors);
        var members = (await server.MemberListAsync(new MemberListRequest(), default)).Value!;
        Assert.Single(members.Members!);
        Assert.Equal("default", members.Members![0].Name);
    }

    [Fact]
    public async Task Alarm_activate_blocks_puts_until_disarmed()
    {
        using var dir = new TempDir();
        using var server = Start(dir.Path);
        await server.AlarmAsync(new AlarmRequest { Action = AlarmAction.Activate, MemberID = server.MemberId, Alarm = AlarmType.NoSpace }, default);
        Assert.Same(EtcdErrors.NoSpace, (await server.PutAsync(new PutRequest { Key = Bytes("q"), Value = Bytes("1") }, default)).Error);
        Assert.False(server.GetHealth().Alarms.Count == 0);
        await server.AlarmAsync(new AlarmRequest { Action = AlarmAction.Deactivate, MemberID = server.MemberId, Alarm = AlarmType.NoSpace }, default);
        Assert.Null((await server.PutAsync(new PutRequest { Key = Bytes("q"), Value = Bytes("1") }, default)).Error);
    }
}
