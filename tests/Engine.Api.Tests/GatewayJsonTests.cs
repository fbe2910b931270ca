using System.Text;
using Engine.Api.Json;
using Engine.Protocol;

namespace Engine.Api.Tests;

/// <summary>etcd-api.md §1.1 wire rules for the gateway JSON, checked without HTTP.</summary>
public sealed class GatewayJsonTests
{
    private static readonly ResponseHeader Header = new() { ClusterId = 14841639068965178418, MemberId = 10276657743932975437, Revision = 2, RaftTerm = 3 };

    [Fact]
    public void Empty_range_response_is_only_the_header_with_int64_as_strings()
    {
        string json = GatewayJson.ToJson(new RangeResponse { Header = Header, Kvs = [] });
        Assert.Equal("""{"header":{"cluster_id":"14841639068965178418","member_id":"10276657743932975437","revision":"2","raft_term":"3"}}""", json);
    }

    [Fact]
    public void KeyValue_uses_proto_names_base64_and_omits_zero_lease_and_empty_value()
    {
        var kv = new KeyValue { Key = "foo"u8.ToArray(), CreateRevision = 2, ModRevision = 6, Version = 4, Value = [] };
        Assert.Equal("""{"key":"Zm9v","create_revision":"2","mod_revision":"6","version":"4"}""", GatewayJson.ToJson(kv));
        kv.Value = [0xfb, 0xff];
        kv.Lease = 7001;
        Assert.Equal("""{"key":"Zm9v","create_revision":"2","mod_revision":"6","version":"4","value":"+/8=","lease":"7001"}""", GatewayJson.ToJson(kv));
    }

    [Fact]
    public void Enum_zero_is_omitted_and_other_values_are_names()
    {
        Assert.Equal("""{"kv":{"key":"YQ=="}}""", GatewayJson.ToJson(new Event { Type = EventType.Put, Kv = new KeyValue { Key = "a"u8.ToArray() } }));
        Assert.Equal("""{"type":"DELETE","kv":{"key":"YQ=="}}""", GatewayJson.ToJson(new Event { Type = EventType.Delete, Kv = new KeyValue { Key = "a"u8.ToArray() } }));
        Assert.Equal("""{"action":"DEACTIVATE","memberID":"5","alarm":"NOSPACE"}""", GatewayJson.ToJson(new AlarmRequest { Action = AlarmAction.Deactivate, MemberID = 5, Alarm = AlarmType.NoSpace }));
    }

    [Fact]
    public void Uint32_hash_is_a_number_and_uint64_ids_are_strings()
    {
        Assert.Equal("""{"hash":3735928559,"compact_revision":"5"}""", GatewayJson.ToJson(new HashKVResponse { Hash = 0xdeadbeef, CompactRevision = 5 }));
        var member = new Member { ID = 10276657743932975437, Name = "n1", PeerURLs = ["http://h:2380"], ClientURLs = [], IsLearner = true };
        Assert.Equal("""{"ID":"10276657743932975437","name":"n1","peerURLs":["http://h:2380"],"isLearner":true}""", GatewayJson.ToJson(member));
    }

    [Fact]
    public void Status_response_uses_etcd_spellings()
    {
        string json = GatewayJson.ToJson(new StatusResponse { Version = "3.6.0", DbSize = 24576, Leader = 1, RaftIndex = 4, RaftTerm = 2, RaftAppliedIndex = 4, DbSizeInUse = 100, Errors = [] });
        Assert.Equal("""{"version":"3.6.0","dbSize":"24576","leader":"1","raftIndex":"4","raftTerm":"2","raftAppliedIndex":"4","dbSizeInUse":"100"}""", json);
    }

    [Fact]
    public void Txn_response_nests_response_ops_as_in_the_gateway_docs()
    {
        var txn = new TxnResponse { Header = new ResponseHeader { Revision = 3 }, Succeeded = true, Responses = [new ResponseOp { ResponsePut = new PutResponse { Header = new ResponseHeader { Revision = 3 } } }] };
        Assert.Equal("""{"header":{"revision":"3"},"succeeded":true,"responses":[{"response_put":{"header":{"revision":"3"}}}]}""", GatewayJson.ToJson(txn));
    }

    [Fact]
    public void Input_accepts_lowerCamel_and_proto_names_int64_as_number_or_string()
    {
        RangeRequest camel = Decode<RangeRequest>("""{"key":"YQ==","rangeEnd":"Yg==","limit":"5","sortOrder":"DESCEND","sortTarget":2,"keysOnly":true,"minModRevision":3}""");
        Assert.Equal("b"u8.ToArray(), camel.RangeEnd);
        Assert.Equal(5, camel.Limit);
        Assert.Equal(SortOrder.Descend, camel.SortOrder);
        Assert.Equal(SortTarget.Create, camel.SortTarget);
        Assert.True(camel.KeysOnly);
        Assert.Equal(3, camel.MinModRevision);
        RangeRequest snake = Decode<RangeRequest>("""{"key":"YQ==","range_end":"Yg==","limit":5,"sort_order":2}""");
        Assert.Equal("b"u8.ToArray(), snake.RangeEnd);
        Assert.Equal(5, snake.Limit);
        Assert.Equal(SortOrder.Descend, snake.SortOrder);
    }

    [Fact]
    public void Input_renames_lowerCamel_inside_nested_txn_ops_and_keeps_escaped_strings()
    {
        TxnRequest txn = Decode<TxnRequest>("""{"compare":[{"key":"YQ==","target":"MOD","modRevision":"7"}],"success":[{"requestPut":{"key":"YQ==","value":"\u0059\u0051==","prevKv":true}}],"failure":[{"requestDeleteRange":{"key":"YQ==","rangeEnd":"AA=="}}]}""");
        Assert.Equal(7, txn.Compare![0].ModRevision);
        Assert.True(txn.Success![0].RequestPut!.PrevKv);
        Assert.Equal("a"u8.ToArray(), txn.Success[0].RequestPut!.Value);
        Assert.Equal(new byte[] { 0 }, txn.Failure![0].RequestDeleteRange!.RangeEnd);
    }

    [Fact]
    public void Lease_and_member_names_without_underscores_read_as_written()
    {
        Assert.Equal(7001, Decode<LeaseGrantRequest>("""{"ID":"7001","TTL":60}""").ID);
        MemberAddRequest add = Decode<MemberAddRequest>("""{"peerURLs":["http://a:2380"],"isLearner":true}""");
        Assert.True(add.IsLearner);
        Assert.Equal("http://a:2380", add.PeerURLs![0]);
        Assert.Equal(AlarmAction.Deactivate, Decode<AlarmRequest>("""{"action":2,"memberID":"3"}""").Action);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_trailing_bytes_after_the_object_too()
    {
        Assert.Equal("a"u8.ToArray(), Decode<RangeRequest>("""{"key":"YQ==","bogus":{"x":[1,{"y":null}]},"no_such_field":1} trailing""").Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("null")]
    public void Empty_or_null_body_is_an_empty_request(string body)
    {
        Outcome<RangeRequest> decoded = GatewayInput.Decode<RangeRequest>(Encoding.UTF8.GetBytes(body));
        Assert.False(decoded.IsError);
        Assert.Null(decoded.Value!.Key);
    }

    [Theory]
    [InlineData("{bad")]
    [InlineData("{\"key\":\"a2V5\"")]
    [InlineData("[1,2]")]
    [InlineData("{\"key\":\"!!!\"}")]
    [InlineData("{\"key\":5}")]
    [InlineData("{\"keys_only\":tre}")]
    [InlineData("{\"limit\":1.5}")]
    [InlineData("{\"serializable\":\"yes\"}")]
    [InlineData("{\"sort_order\":\"SIDEWAYS\"}")]
    [InlineData("{\"key\":\"YQ==\",\"rangeEnd\":7}")]
    public void Malformed_input_is_invalid_argument_without_exception_text(string body)
    {
        Outcome<RangeRequest> decoded = GatewayInput.Decode<RangeRequest>(Encoding.UTF8.GetBytes(body));
        Assert.True(decoded.IsError);
        Assert.Equal(GrpcCode.InvalidArgument, decoded.Error!.Code);
        Assert.DoesNotContain("System.", decoded.Error.Message);
        Assert.DoesNotContain("Exception", decoded.Error.Message);
    }

    [Fact]
    public void Bad_base64_says_so()
    {
        Outcome<PutRequest> decoded = GatewayInput.Decode<PutRequest>("""{"key":"!!!"}"""u8.ToArray());
        Assert.StartsWith("illegal base64 data", decoded.Error!.Message);
    }

    [Fact]
    public void LowerCamel_table_covers_every_underscored_request_field()
    {
        foreach (string camel in new[] { "rangeEnd", "sortOrder", "sortTarget", "countOnly", "maxCreateRevision", "prevKv", "ignoreValue", "ignoreLease", "requestPut", "requestDeleteRange", "requestTxn", "createRequest", "cancelRequest", "progressRequest", "startRevision", "progressNotify", "watchId", "createRevision" })
        {
            Assert.NotNull(ProtoNames.ProtoNameOf(Encoding.ASCII.GetBytes(camel)));
        }

        Assert.Null(ProtoNames.ProtoNameOf("ID"u8));
        Assert.Null(ProtoNames.ProtoNameOf("raftTerm"u8));
        Assert.Null(ProtoNames.ProtoNameOf("key"u8));
    }

    private static T Decode<T>(string json)
        where T : class, new()
    {
        Outcome<T> decoded = GatewayInput.Decode<T>(Encoding.UTF8.GetBytes(json));
        Assert.False(decoded.IsError, decoded.Error?.Message);
        return decoded.Value!;
    }
}
