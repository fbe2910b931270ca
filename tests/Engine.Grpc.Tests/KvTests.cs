using Google.Protobuf;
using Grpc.Core;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Grpc.Tests;

/// <summary>etcdserverpb.KV over gRPC against a real member: results, headers and etcd's status codes and texts.</summary>
public sealed class KvTests(GrpcMemberFixture fixture) : IClassFixture<GrpcMemberFixture>
{
    private readonly GrpcMember _member = fixture.Member;

    private static ByteString B(string text) => ByteString.CopyFromUtf8(text);

    [Fact]
    public async Task Put_then_range_returns_the_value_and_a_full_header()
    {
        var put = await _member.Kv.PutAsync(new Wire.PutRequest { Key = B("kv1/a"), Value = B("1") }, deadline: GrpcMember.Deadline);
        var range = await _member.Kv.RangeAsync(new Wire.RangeRequest { Key = B("kv1/a") }, deadline: GrpcMember.Deadline);

        // etcd always sets the header (clientv3 dereferences it): cluster, member, revision and term.
        Assert.NotEqual(0UL, range.Header.ClusterId);
        Assert.NotEqual(0UL, range.Header.MemberId);
        Assert.NotEqual(0UL, range.Header.RaftTerm);
        Assert.Equal(put.Header.Revision, range.Header.Revision);
        var kv = Assert.Single(range.Kvs);
        Assert.Equal("1", kv.Value.ToStringUtf8());
        Assert.Equal(put.Header.Revision, kv.ModRevision);
        Assert.Equal(1, kv.Version);
    }

    [Fact]
    public async Task Prefix_range_honours_limit_sort_and_keys_only()
    {
        foreach (string key in new[] { "kv2/a", "kv2/b", "kv2/c" })
        {
            await _member.Kv.PutAsync(new Wire.PutRequest { Key = B(key), Value = B("v-" + key) }, deadline: GrpcMember.Deadline);
        }

        var range = await _member.Kv.RangeAsync(
            new Wire.RangeRequest
            {
                Key = B("kv2/"), RangeEnd = B("kv20"), Limit = 2, KeysOnly = true,
                SortOrder = Wire.RangeRequest.Types.SortOrder.Descend, SortTarget = Wire.RangeRequest.Types.SortTarget.Key,
            },
            deadline: GrpcMember.Deadline);

        Assert.Equal(3, range.Count);
        Assert.True(range.More);
        Assert.Equal(new[] { "kv2/c", "kv2/b" }, range.Kvs.Select(kv => kv.Key.ToStringUtf8()));
        Assert.All(range.Kvs, kv => Assert.True(kv.Value.IsEmpty));
    }

    [Fact]
    public async Task Delete_prefix_with_prev_kv_returns_the_deleted_pairs()
    {
        await _member.Kv.PutAsync(new Wire.PutRequest { Key = B("kv3/a"), Value = B("x") }, deadline: GrpcMember.Deadline);
        await _member.Kv.PutAsync(new Wire.PutRequest { Key = B("kv3/b"), Value = B("y") }, deadline: GrpcMember.Deadline);

        var deleted = await _member.Kv.DeleteRangeAsync(new Wire.DeleteRangeRequest { Key = B("kv3/"), RangeEnd = B("kv30"), PrevKv = true }, deadline: GrpcMember.Deadline);

        Assert.Equal(2, deleted.Deleted);
        Assert.Equal(new[] { "x", "y" }, deleted.PrevKvs.Select(kv => kv.Value.ToStringUtf8()));
    }

    [Fact]
    public async Task Txn_compares_the_version_oneof_and_runs_the_matching_branch()
    {
        await _member.Kv.PutAsync(new Wire.PutRequest { Key = B("kv4/k"), Value = B("v1") }, deadline: GrpcMember.Deadline);
        var txn = new Wire.TxnRequest();
        txn.Compare.Add(new Wire.Compare { Key = B("kv4/k"), Target = Wire.Compare.Types.CompareTarget.Version, Result = Wire.Compare.Types.CompareResult.Equal, Version = 1 });
        txn.Success.Add(new Wire.RequestOp { RequestPut = new Wire.PutRequest { Key = B("kv4/k"), Value = B("v2") } });
        txn.Success.Add(new Wire.RequestOp { RequestRange = new Wire.RangeRequest { Key = B("kv4/k") } });
        txn.Failure.Add(new Wire.RequestOp { RequestDeleteRange = new Wire.DeleteRangeRequest { Key = B("kv4/k") } });

        var first = await _member.Kv.TxnAsync(txn, deadline: GrpcMember.Deadline);
        var second = await _member.Kv.TxnAsync(txn, deadline: GrpcMember.Deadline);

        Assert.True(first.Succeeded);
        Assert.Equal("v2", first.Responses[1].ResponseRange.Kvs.Single().Value.ToStringUtf8());
        Assert.False(second.Succeeded); // version is 2 now
        Assert.Equal(1, second.Responses.Single().ResponseDeleteRange.Deleted);
    }

    [Fact]
    public async Task Compacted_revision_answers_OutOfRange_with_etcds_text()
    {
        var put = await _member.Kv.PutAsync(new Wire.PutRequest { Key = B("kv5/a"), Value = B("1") }, deadline: GrpcMember.Deadline);
        await _member.Kv.PutAsync(new Wire.PutRequest { Key = B("kv5/a"), Value = B("2") }, deadline: GrpcMember.Deadline);
        await _member.Kv.CompactAsync(new Wire.CompactionRequest { Revision = put.Header.Revision + 1, Physical = true }, deadline: GrpcMember.Deadline);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _member.Kv.RangeAsync(new Wire.RangeRequest { Key = B("kv5/a"), Revision = put.Header.Revision }, deadline: GrpcMember.Deadline));

        Assert.Equal(StatusCode.OutOfRange, error.StatusCode);
        Assert.Equal("etcdserver: mvcc: required revision has been compacted", error.Status.Detail);
    }

    [Fact]
    public async Task Empty_key_answers_InvalidArgument_key_is_not_provided()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _member.Kv.PutAsync(new Wire.PutRequest { Value = B("x") }, deadline: GrpcMember.Deadline));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("etcdserver: key is not provided", error.Status.Detail);
    }

    [Fact]
    public async Task Put_over_max_request_bytes_is_too_large_and_over_the_grpc_limit_is_ResourceExhausted()
    {
        // The member runs with --max-request-bytes 65536: etcdserver refuses a bigger request, grpc one over 64 KiB + 512 KiB.
        var tooLarge = await Assert.ThrowsAsync<RpcException>(async () =>
            await _member.Kv.PutAsync(new Wire.PutRequest { Key = B("kv6/big"), Value = ByteString.CopyFrom(new byte[70_000]) }, deadline: GrpcMember.Deadline));
        var overGrpc = await Assert.ThrowsAsync<RpcException>(async () =>
            await _member.Kv.PutAsync(new Wire.PutRequest { Key = B("kv6/huge"), Value = ByteString.CopyFrom(new byte[700_000]) }, deadline: GrpcMember.Deadline));
        var range = await _member.Kv.RangeAsync(new Wire.RangeRequest { Key = B("kv6/"), RangeEnd = B("kv60") }, deadline: GrpcMember.Deadline);

        Assert.Equal(StatusCode.InvalidArgument, tooLarge.StatusCode);
        Assert.Equal("etcdserver: request is too large", tooLarge.Status.Detail);
        Assert.Equal(StatusCode.ResourceExhausted, overGrpc.StatusCode);
        Assert.Equal(0, range.Count); // nothing changed
    }

    [Fact]
    public async Task Duplicate_key_in_a_txn_answers_InvalidArgument()
    {
        var txn = new Wire.TxnRequest();
        txn.Success.Add(new Wire.RequestOp { RequestPut = new Wire.PutRequest { Key = B("kv7/a"), Value = B("1") } });
        txn.Success.Add(new Wire.RequestOp { RequestPut = new Wire.PutRequest { Key = B("kv7/a"), Value = B("2") } });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _member.Kv.TxnAsync(txn, deadline: GrpcMember.Deadline));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("etcdserver: duplicate key given in txn request", error.Status.Detail);
    }
}
