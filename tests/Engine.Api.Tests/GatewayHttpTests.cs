using System.Net;
using System.Text;
using Engine.Protocol;
using static Engine.Api.Tests.GatewayHost;

namespace Engine.Api.Tests;

/// <summary>
/// Every unary endpoint of etcd's v3 JSON gateway over real HTTP against the test double: request and
/// response shapes (golden JSON as etcd 3.4 answers, tests/etcd-reference), and the error table.
/// </summary>
public sealed class GatewayHttpTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    private const string Hdr = "\"header\":{\"cluster_id\":\"14841639068965178418\",\"member_id\":\"10276657743932975437\",";

    public async Task InitializeAsync() => _host = await StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Put_answers_header_with_new_revision_and_prev_kv_when_asked()
    {
        Assert.Equal((HttpStatusCode.OK, "{" + Hdr + "\"revision\":\"2\",\"raft_term\":\"2\"}}"), await _host.PostAsync("/v3/kv/put", $$"""{"key":"{{B64("foo")}}","value":"{{B64("bar")}}"}"""));
        var (status, body) = await _host.PostAsync("/v3/kv/put", $$"""{"key":"{{B64("foo")}}","value":"{{B64("baz")}}","prev_kv":true}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{" + Hdr + "\"revision\":\"3\",\"raft_term\":\"2\"},\"prev_kv\":{\"key\":\"Zm9v\",\"create_revision\":\"2\",\"mod_revision\":\"2\",\"version\":\"1\",\"value\":\"YmFy\"}}", body);
    }

    [Fact]
    public async Task Range_of_a_missing_key_is_only_the_header()
    {
        Assert.Equal((HttpStatusCode.OK, "{" + Hdr + "\"revision\":\"1\",\"raft_term\":\"2\"}}"), await _host.PostAsync("/v3/kv/range", $$"""{"key":"{{B64("nope")}}"}"""));
    }

    [Fact]
    public async Task Range_by_prefix_with_lowerCamel_names_and_string_limit()
    {
        await Put("p/a", "1");
        await Put("p/b", "2");
        await Put("q", "3");
        var (status, body) = await _host.PostAsync("/v3/kv/range", $$"""{"key":"{{B64("p/")}}","rangeEnd":"{{B64("p0")}}","limit":"1","sortOrder":"DESCEND"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{" + Hdr + "\"revision\":\"4\",\"raft_term\":\"2\"},\"kvs\":[{\"key\":\"cC9i\",\"create_revision\":\"3\",\"mod_revision\":\"3\",\"version\":\"1\",\"value\":\"Mg==\"}],\"more\":true,\"count\":\"2\"}", body);
    }

    [Fact]
    public async Task Deleterange_reports_deleted_count_and_prev_kvs()
    {
        await Put("d/a", "1");
        var (_, body) = await _host.PostAsync("/v3/kv/deleterange", $$"""{"key":"{{B64("d/")}}","range_end":"{{B64("d0")}}","prev_kv":true}""");
        Assert.Contains("\"deleted\":\"1\",\"prev_kvs\":[{\"key\":\"ZC9h\"", body);
        Assert.Contains("\"revision\":\"3\"", body);
    }

    [Fact]
    public async Task Txn_as_in_the_gateway_documentation()
    {
        await Put("foo", "bar");
        string txn = $$$"""{"compare":[{"target":"CREATE","key":"{{{B64("foo")}}}","createRevision":"2"}],"success":[{"requestPut":{"key":"{{{B64("foo")}}}","value":"{{{B64("bar2")}}}"}}]}""";
        var (status, body) = await _host.PostAsync("/v3/kv/txn", txn);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{" + Hdr + "\"revision\":\"3\",\"raft_term\":\"2\"},\"succeeded\":true,\"responses\":[{\"response_put\":{" + Hdr + "\"revision\":\"3\",\"raft_term\":\"2\"}}}]}", body);
    }

    [Fact]
    public async Task Compaction_then_reading_below_it_is_out_of_range_400()
    {
        await Put("c", "1");
        await Put("c", "2");
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync("/v3/kv/compaction", """{"revision":3}""")).Status);
        Assert.Equal(
            (HttpStatusCode.BadRequest, """{"error":"etcdserver: mvcc: required revision has been compacted","code":11,"message":"etcdserver: mvcc: required revision has been compacted"}"""),
            await _host.PostAsync("/v3/kv/range", $$"""{"key":"{{B64("c")}}","revision":2}"""));
    }

    [Fact]
    public async Task Lease_endpoints_grant_timetolive_leases_keepalive_revoke()
    {
        Assert.Equal((HttpStatusCode.OK, "{" + Hdr + "\"revision\":\"1\",\"raft_term\":\"2\"},\"ID\":\"7001\",\"TTL\":\"60\"}"), await _host.PostAsync("/v3/lease/grant", """{"ID":7001,"TTL":"60"}"""));
        Assert.Equal((HttpStatusCode.PreconditionFailed, """{"error":"etcdserver: lease already exists","code":9,"message":"etcdserver: lease already exists"}"""), await _host.PostAsync("/v3/lease/grant", """{"ID":7001,"TTL":60}"""));
        await _host.PostAsync("/v3/kv/put", $$"""{"key":"{{B64("l")}}","value":"{{B64("v")}}","lease":"7001"}""");
        var (_, ttl) = await _host.PostAsync("/v3/kv/lease/timetolive", """{"ID":7001,"keys":true}""");
        Assert.Contains("\"grantedTTL\":\"60\",\"keys\":[\"bA==\"]", ttl);
        Assert.Contains("\"leases\":[{\"ID\":\"7001\"}]", (await _host.PostAsync("/v3/lease/leases", "{}")).Body);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync("/v3/lease/revoke", """{"ID":7001}""")).Status);
        Assert.Equal((HttpStatusCode.NotFound, """{"error":"etcdserver: requested lease not found","code":5,"message":"etcdserver: requested lease not found"}"""), await _host.PostAsync("/v3/lease/revoke", """{"ID":7001}"""));
        Assert.Contains("\"TTL\":\"-1\"", (await _host.PostAsync("/v3/lease/timetolive", """{"ID":7001}""")).Body);
    }

    [Fact]
    public async Task Maintenance_and_cluster_endpoints_answer_etcd_shapes()
    {
        string status = (await _host.PostAsync("/v3/maintenance/status", "")).Body;
        Assert.Contains("\"version\":\"3.6.0\",\"dbSize\":\"24576\",\"leader\":\"10276657743932975437\"", status);
        Assert.Contains("\"raftTerm\":\"2\"", status);
        Assert.Matches("\"hash\":[0-9]+[,}]", (await _host.PostAsync("/v3/maintenance/hash", "{}")).Body);
        Assert.Matches("\"hash\":[0-9]+,\"hash_revision\":\"1\"", (await _host.PostAsync("/v3/maintenance/hashkv", "{}")).Body);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync("/v3/maintenance/defragment", "{}")).Status);
        Assert.Equal(1, _host.Server.Defragmentations);
        Assert.Contains("\"alarms\":[{\"memberID\":\"10276657743932975437\",\"alarm\":\"NOSPACE\"}]", (await _host.PostAsync("/v3/maintenance/alarm", """{"action":"ACTIVATE","alarm":"NOSPACE"}""")).Body);
        Assert.DoesNotContain("alarms", (await _host.PostAsync("/v3/maintenance/alarm", """{"action":"DEACTIVATE","alarm":1}""")).Body);
        Assert.Contains("\"members\":[{\"ID\":\"10276657743932975437\",\"name\":\"default\",\"peerURLs\":[\"http://127.0.0.1:2380\"]", (await _host.PostAsync("/v3/cluster/member/list", "{}")).Body);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.PostAsync("/v3/cluster/member/remove", """{"ID":"1"}""")).Status);
    }

    [Fact]
    public async Task V3beta_is_an_alias_of_v3()
    {
        await Put("k", "v");
        Assert.Equal(await _host.PostAsync("/v3/kv/range", $$"""{"key":"{{B64("k")}}"}"""), await _host.PostAsync("/v3beta/kv/range", $$"""{"key":"{{B64("k")}}"}"""));
    }

    [Theory]
    [InlineData("/v3/kv/put", "{bad")]
    [InlineData("/v3/kv/put", "{\"key\":\"text\"")]
    [InlineData("/v3/kv/put", "[1,2]")]
    [InlineData("/v3/kv/put", "{\"key\":\"!!!\",\"value\":\"dg==\"}")]
    [InlineData("/v3/kv/put", "{\"key\":5}")]
    [InlineData("/v3/kv/range", "{\"key\":\"YQ==\",\"keys_only\":tre}")]
    [InlineData("/v3/kv/range", "{\"key\":\"YQ==\",\"limit\":1.5}")]
    [InlineData("/v3/kv/range", "{\"key\":\"YQ==\",\"serializable\":\"yes\"}")]
    [InlineData("/v3/kv/range", "{\"key\":\"YQ==\",\"sort_order\":\"SIDEWAYS\"}")]
    [InlineData("/v3/kv/txn", "{\"compare\":{}}")]
    [InlineData("/v3/lease/grant", "{\"TTL\":six}")]
    public async Task Malformed_bodies_are_400_code_3_and_change_nothing(string path, string body)
    {
        var (status, text) = await _host.PostAsync(path, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("{\"error\":\"", text);
        Assert.Contains("\"code\":3,", text);
        Assert.DoesNotContain("Exception", text);
        Assert.Equal(1, _host.Server.Store.Revision);
    }

    [Theory]
    [InlineData("/v3/kv/put", "")]
    [InlineData("/v3/kv/put", "{\"value\":\"dg==\"}")]
    [InlineData("/v3/kv/range", "null")]
    [InlineData("/v3/kv/range", "{\"key\":\"\"}")]
    [InlineData("/v3/kv/deleterange", "{}")]
    [InlineData("/v3/kv/txn", "{\"success\":[{\"request_put\":{\"value\":\"dg==\"}}]}")]
    [InlineData("/v3/kv/txn", "{\"compare\":[{\"target\":\"VALUE\"}]}")]
    public async Task Missing_key_is_key_is_not_provided(string path, string body)
    {
        Assert.Equal(
            (HttpStatusCode.BadRequest, """{"error":"etcdserver: key is not provided","code":3,"message":"etcdserver: key is not provided"}"""),
            await _host.PostAsync(path, body));
    }

    [Theory]
    [InlineData("{\"key\":\"YQ==\",\"value\":\"dg==\",\"ignore_value\":true}", "etcdserver: value is provided")]
    [InlineData("{\"key\":\"YQ==\",\"lease\":5,\"ignoreLease\":true}", "etcdserver: lease is provided")]
    [InlineData("{\"key\":\"YQ==\",\"ignore_value\":true}", "etcdserver: key not found")]
    public async Task Put_flag_rules_answer_etcd_texts(string body, string message)
    {
        Assert.Equal((HttpStatusCode.BadRequest, $$"""{"error":"{{message}}","code":3,"message":"{{message}}"}"""), await _host.PostAsync("/v3/kv/put", body));
    }

    [Fact]
    public async Task Unknown_sort_enum_number_is_invalid_sort_option()
    {
        var (status, body) = await _host.PostAsync("/v3/kv/range", """{"key":"YQ==","sort_order":7}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("etcdserver: invalid sort option", body);
    }

    [Fact]
    public async Task Too_many_txn_ops_and_duplicate_keys_are_refused()
    {
        string put = $$$"""{"request_put":{"key":"{{{B64("k")}}}"}}""";
        string many = "{\"success\":[" + string.Join(",", Enumerable.Range(0, 129).Select(i => $$$"""{"request_put":{"key":"{{{B64("k" + i)}}}"}}""")) + "]}";
        Assert.Contains("too many operations in txn request", (await _host.PostAsync("/v3/kv/txn", many)).Body);
        Assert.Contains("duplicate key given in txn request", (await _host.PostAsync("/v3/kv/txn", "{\"success\":[" + put + "," + put + "]}")).Body);
        Assert.Equal(1, _host.Server.Store.Revision);
    }

    [Fact]
    public async Task Nested_txn_to_depth_128_is_applied_and_answered_and_129_is_refused_before_proposing()
    {
        // etcd 3.4.23 with the default --max-txn-ops 128: depth 128 applies, 129 is "too many operations" (issue 23:
        // Engine answered depth 20 with HTTP 500 after applying it, and depth 21+ as "invalid JSON").
        static string Nested(int depth)
        {
            string txn = $$$"""{"success":[{"request_put":{"key":"{{{B64("deep")}}}","value":"eA=="}}]}""";
            for (int level = 1; level < depth; level++)
            {
                txn = "{\"success\":[{\"request_txn\":" + txn + "}]}";
            }

            return txn;
        }

        var (status, body) = await _host.PostAsync("/v3/kv/txn", Nested(128));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(128, body.Split("\"succeeded\":true").Length - 1);
        long revision = _host.Server.Store.Revision;
        (status, body) = await _host.PostAsync("/v3/kv/txn", Nested(129));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("etcdserver: too many operations in txn request", body);
        Assert.Equal(revision, _host.Server.Store.Revision);
    }

    [Theory]
    [InlineData("""{"success":[{}]}""", "etcdserver: key not found")]
    [InlineData("""{"failure":[{"request_txn":{"success":[{}]}}]}""", "etcdserver: key not found")]
    [InlineData("""{"success":[{"request_put":{"key":"YQ==","value":"Yg=="},"request_range":{"key":"YQ=="}}]}""", "must set exactly one of")]
    public async Task Malformed_request_ops_are_refused_and_change_nothing(string body, string message)
    {
        // etcd's checkRequestOp answers an empty op "key not found"; an op with two requests is refused too.
        var (status, answer) = await _host.PostAsync("/v3/kv/txn", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, answer);
        Assert.Equal(1, _host.Server.Store.Revision);
    }

    [Theory]
    [InlineData("""{"key":"YWJj","lease":"abc"}""", "invalid number at '$.lease'")]
    [InlineData("""{"key":"YWJj","lease":"1x"}""", "invalid number at '$.lease'")]
    [InlineData("""{"key":"!!!"}""", "illegal base64 data at '$.key'")]
    public async Task A_bad_int64_is_reported_as_a_number_not_as_base64(string body, string message)
    {
        // etcd 3.4.23 refuses both with code 3 (issue 23: Engine called a bad int64 "illegal base64 data").
        var (status, answer) = await _host.PostAsync("/v3/kv/put", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, answer);
        Assert.Equal(1, _host.Server.Store.Revision);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync("/v3/kv/put", """{"key":"YQ==","value":"dg==","no_such_field":1,"bogus":{"x":[1]}}""")).Status);
        Assert.Equal(2, _host.Server.Store.Revision);
    }

    [Theory]
    [InlineData("/v3/kv/nope", "Not Found\n")]
    [InlineData("/v3/nope", "Not Found\n")]
    [InlineData("/v3/kv/range/", "Not Found\n")]
    [InlineData("/v4/kv/range", "404 page not found\n")]
    [InlineData("/v3alpha/kv/range", "404 page not found\n")]
    public async Task Unknown_paths_are_404_text_as_etcd(string path, string text)
    {
        Assert.Equal((HttpStatusCode.NotFound, text), await _host.PostAsync(path, "{}"));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Other_methods_are_405_text(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/v3/kv/range");
        using HttpResponseMessage response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("Method Not Allowed\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Body_limits_follow_etcd_request_too_large_then_grpc_receive_limit()
    {
        string Body(int valueBytes) => $$"""{"key":"{{B64("big")}}","value":"{{Convert.ToBase64String(new byte[valueBytes])}}"}""";
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync("/v3/kv/put", Body(1_048_576))).Status);
        Assert.Equal(
            (HttpStatusCode.BadRequest, """{"error":"etcdserver: request is too large","code":3,"message":"etcdserver: request is too large"}"""),
            await _host.PostAsync("/v3/kv/put", Body(1_600_000)));
        var (status, text) = await _host.PostAsync("/v3/kv/put", Body(5_000_000));
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Contains("\"code\":8,", text);
        Assert.Contains("grpc: received message larger than max", text);
        Assert.Equal(2, _host.Server.Store.Revision);
    }

    [Fact]
    public async Task Oversized_chunked_body_is_refused_without_reading_it_all()
    {
        var content = new StreamContent(new ZeroJsonStream(8_000_000));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await _host.Client.PostAsync("/v3/kv/put", content);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
    }

    [Fact]
    public async Task Server_errors_map_to_their_grpc_status()
    {
        _host.Server.FailEverything = EtcdErrors.NoLeader;
        Assert.Equal((HttpStatusCode.ServiceUnavailable, """{"error":"etcdserver: no leader","code":14,"message":"etcdserver: no leader"}"""), await _host.PostAsync("/v3/kv/range", """{"key":"YQ=="}"""));
        _host.Server.FailEverything = EtcdErrors.TooManyRequests;
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _host.PostAsync("/v3/kv/put", """{"key":"YQ=="}""")).Status);
        _host.Server.FailEverything = EtcdErrors.Corrupt;
        Assert.Equal(HttpStatusCode.InternalServerError, (await _host.PostAsync("/v3/kv/put", """{"key":"YQ=="}""")).Status);
    }

    [Fact]
    public async Task An_exception_in_the_server_never_leaks_its_text()
    {
        _host.Server.ThrowEverything = new InvalidOperationException("secret internal detail");
        var (status, body) = await _host.PostAsync("/v3/kv/range", """{"key":"YQ=="}""");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("""{"error":"etcdserver: internal error","code":13,"message":"etcdserver: internal error"}""", body);
        _host.Server.ThrowEverything = new Engine.Common.Errors.EngineFatalException("fsync failed");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _host.PostAsync("/v3/kv/range", """{"key":"YQ=="}""")).Status);
    }

    private Task Put(string key, string value) => _host.PostAsync("/v3/kv/put", $$"""{"key":"{{B64(key)}}","value":"{{B64(value)}}"}""");

    /// <summary>An endless-looking JSON body without Content-Length: {"key":"AAAA…</summary>
    private sealed class ZeroJsonStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, length - _position);
            for (int i = 0; i < n; i++)
            {
                buffer[offset + i] = _position + i < 8 ? (byte)"{\"key\":\""[(int)(_position + i)] : (byte)'A';
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
