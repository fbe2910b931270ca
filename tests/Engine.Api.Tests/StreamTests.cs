using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Engine.Protocol;
using static Engine.Api.Tests.GatewayHost;

namespace Engine.Api.Tests;

/// <summary>
/// The gateway's streams over real HTTP connections (etcd-api.md §1.1 "Streams"): request body = a
/// stream of JSON requests, response = newline-delimited {"result":…} flushed as they come,
/// mid-stream errors as {"error":{grpc_code,http_code,message,http_status}}.
/// </summary>
public sealed class StreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Watch_stream_sees_puts_made_by_another_client_then_cancel()
    {
        await using RawHttpStream body = await RawHttpStream.OpenAsync(_host.Url, "/v3/watch");
        await body.SendAsync($$$"""{"create_request":{"key":"{{{B64("w/")}}}","range_end":"{{{B64("w0")}}}","prev_kv":true}}""");
        await body.ReadHeadersAsync(Patience);
        Assert.Equal(200, body.Status);
        Assert.Equal("application/json", body.ContentType);
        RawHttpStream lines = body;
        Assert.Equal("""{"result":{"header":{"cluster_id":"14841639068965178418","member_id":"10276657743932975437","revision":"1","raft_term":"2"},"created":true}}""", await ReadLine(lines));

        await _host.PostAsync("/v3/kv/put", $$"""{"key":"{{B64("w/a")}}","value":"{{B64("1")}}"}""");
        await _host.PostAsync("/v3/kv/put", $$"""{"key":"{{B64("other")}}","value":"{{B64("x")}}"}""");
        await _host.PostAsync("/v3/kv/deleterange", $$"""{"key":"{{B64("w/a")}}"}""");
        Assert.Equal("""{"result":{"header":{"cluster_id":"14841639068965178418","member_id":"10276657743932975437","revision":"2","raft_term":"2"},"events":[{"kv":{"key":"dy9h","create_revision":"2","mod_revision":"2","version":"1","value":"MQ=="}}]}}""", await ReadLine(lines));
        string delete = await ReadLine(lines);
        Assert.Contains("\"events\":[{\"type\":\"DELETE\",\"kv\":{\"key\":\"dy9h\",\"mod_revision\":\"4\"},\"prev_kv\":{\"key\":\"dy9h\"", delete);

        await body.SendAsync("""{"cancel_request":{"watch_id":0}}""");
        Assert.EndsWith("\"canceled\":true}}", await ReadLine(lines));
        await body.SendAsync("""{"progress_request":{}}""");
        Assert.EndsWith("\"watch_id\":\"-1\"}}", await ReadLine(lines));
        await body.CompleteAsync();
    }

    [Fact]
    public async Task Watch_replays_history_from_a_past_revision_with_lowerCamel_names_and_ids_count_from_zero()
    {
        for (int i = 0; i < 3; i++)
        {
            await _host.PostAsync("/v3/kv/put", $$"""{"key":"{{B64("h")}}","value":"{{B64("v" + i)}}"}""");
        }

        await using RawHttpStream lines = await RawHttpStream.OpenAsync(_host.Url, "/v3/watch");
        RawHttpStream body = lines;
        await body.SendAsync($$$"""{"createRequest":{"key":"{{{B64("h")}}}","startRevision":"3"}}{"create_request":{"key":"{{{B64("zz")}}}"}}""");
        await lines.ReadHeadersAsync(Patience);
        Assert.EndsWith("\"created\":true}}", await ReadLine(lines));
        string history = await ReadLine(lines);
        Assert.Contains("\"events\":[{\"kv\":{\"key\":\"aA==\",\"create_revision\":\"2\",\"mod_revision\":\"3\",\"version\":\"2\",\"value\":\"djE=\"}},{\"kv\":{\"key\":\"aA==\",\"create_revision\":\"2\",\"mod_revision\":\"4\",\"version\":\"3\",\"value\":\"djI=\"}}]", history);
        Assert.EndsWith("\"watch_id\":\"1\",\"created\":true}}", await ReadLine(lines));
        await body.CompleteAsync();
    }

    [Fact]
    public async Task Watch_ended_by_the_server_writes_a_stream_error_line()
    {
        await using RawHttpStream lines = await RawHttpStream.OpenAsync(_host.Url, "/v3/watch");
        RawHttpStream body = lines;
        await body.SendAsync($$$"""{"create_request":{"key":"{{{B64("k")}}}"}}""");
        await lines.ReadHeadersAsync(Patience);
        await ReadLine(lines);
        lock (_host.Server.Gate)
        {
            _host.Server.OpenStreams.Single().End(EtcdErrors.NoLeader);
        }

        Assert.Equal("""{"error":{"grpc_code":14,"http_code":503,"message":"etcdserver: no leader","http_status":"Service Unavailable"}}""", await ReadLine(lines));
        Assert.Null(await lines.ReadLineAsync(Patience));
    }

    [Fact]
    public async Task Watch_that_the_server_cannot_open_answers_an_error_line_not_a_500()
    {
        _host.Server.ThrowOnOpenWatch = true;
        using var content = new StringContent("{\"create_request\":{\"key\":\"YQ==\"}}");
        using HttpResponseMessage response = await _host.Client.PostAsync("/v3/watch", content);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("{\"error\":{\"grpc_code\":13,\"http_code\":500,\"message\":\"etcdserver: internal error\",\"http_status\":\"Internal Server Error\"}}\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Watch_stream_is_disposed_when_the_client_goes_away()
    {
        RawHttpStream lines = await RawHttpStream.OpenAsync(_host.Url, "/v3/watch");
        await lines.SendAsync($$$"""{"create_request":{"key":"{{{B64("k")}}}"}}""");
        await lines.ReadHeadersAsync(Patience);
        await ReadLine(lines);
        Assert.Single(_host.Server.OpenStreams);
        await lines.DisposeAsync();
        DateTime deadline = DateTime.UtcNow + Patience;
        while (_host.Server.OpenStreams.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Empty(_host.Server.OpenStreams);
    }

    [Fact]
    public async Task Keepalive_answers_one_line_per_request_and_ttl_0_for_unknown_leases()
    {
        await _host.PostAsync("/v3/lease/grant", """{"ID":77,"TTL":30}""");
        using var content = new StringContent("""{"ID":77} {"ID":"77"}{"ID":424242}""");
        using HttpResponseMessage response = await _host.Client.PostAsync("/v3/lease/keepalive", content);
        string[] lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.EndsWith("\"ID\":\"77\",\"TTL\":\"30\"}}", lines[0]);
        Assert.Equal(lines[0], lines[1]);
        Assert.EndsWith("\"ID\":\"424242\"}}", lines[2]);
    }

    [Fact]
    public async Task Keepalive_streams_each_answer_before_the_next_request_arrives()
    {
        await _host.PostAsync("/v3/lease/grant", """{"ID":5,"TTL":10}""");
        await using RawHttpStream lines = await RawHttpStream.OpenAsync(_host.Url, "/v3/lease/keepalive");
        RawHttpStream body = lines;
        await body.SendAsync("""{"ID":5}""");
        await lines.ReadHeadersAsync(Patience);
        Assert.EndsWith("\"TTL\":\"10\"}}", await ReadLine(lines));
        await body.SendAsync("""{"ID":5}""");
        Assert.EndsWith("\"TTL\":\"10\"}}", await ReadLine(lines));
        await body.CompleteAsync();
        Assert.Null(await lines.ReadLineAsync(Patience));
    }

    [Fact]
    public async Task Keepalive_failing_before_any_answer_uses_the_error_status()
    {
        _host.Server.FailEverything = EtcdErrors.NotLeader;
        using var content = new StringContent("""{"ID":5}""");
        using HttpResponseMessage response = await _host.Client.PostAsync("/v3/lease/keepalive", content);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("""{"error":{"grpc_code":9,"http_code":412,"message":"etcdserver: not leader","http_status":"Precondition Failed"}}""" + "\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Snapshot_streams_32KiB_chunks_counting_down_then_the_sha256()
    {
        byte[] db = RandomNumberGenerator.GetBytes(100_000);
        _host.Server.SnapshotBytes = db;
        using var content = new StringContent("{}");
        using HttpResponseMessage response = await _host.Client.PostAsync("/v3/maintenance/snapshot", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string[] lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        var received = new MemoryStream();
        long[] expectedRemaining = [100_000 - 32768, 100_000 - 65536, 100_000 - 98304, 0, 0];
        for (int i = 0; i < lines.Length; i++)
        {
            JsonElement result = JsonDocument.Parse(lines[i]).RootElement.GetProperty("result");
            long remaining = result.TryGetProperty("remaining_bytes", out JsonElement r) ? long.Parse(r.GetString()!) : 0;
            Assert.Equal(expectedRemaining[i], remaining);
            byte[] blob = result.GetProperty("blob").GetBytesFromBase64();
            if (i < lines.Length - 1)
            {
                received.Write(blob);
            }
            else
            {
                Assert.Equal(SHA256.HashData(db), blob);
            }
        }

        Assert.Equal(db, received.ToArray());
    }

    private static async Task<string> ReadLine(RawHttpStream reader)
    {
        string? line = await reader.ReadLineAsync(Patience);
        Assert.NotNull(line);
        return line;
    }
}
