using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Grpc.Tests;

/// <summary>
/// One client port serves HTTP/1.1 (curl, the JSON gateway) and cleartext HTTP/2 gRPC, as etcd's cmux does
/// on http:// client URLs; and <c>hasleader</c> metadata fails fast with <c>etcdserver: no leader</c>.
/// </summary>
public sealed class OnePortTests(GrpcMemberFixture fixture) : IClassFixture<GrpcMemberFixture>
{
    private readonly GrpcMember _member = fixture.Member;

    [Fact]
    public async Task Http1_json_and_grpc_share_the_client_port_and_see_the_same_data()
    {
        using var body = new StringContent("{\"key\":\"b3AxL2s=\",\"value\":\"anNvbg==\"}", Encoding.UTF8, "application/json"); // op1/k = json
        using var posted = await _member.Http.PostAsync("/v3/kv/put", body);
        var range = await _member.Kv.RangeAsync(new Wire.RangeRequest { Key = ByteString.CopyFromUtf8("op1/k") }, deadline: GrpcMember.Deadline);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(new Version(1, 1), posted.Version);
        Assert.Equal("json", range.Kvs.Single().Value.ToStringUtf8());
    }

    [Fact]
    public async Task A_short_http10_request_is_answered_without_waiting_for_24_bytes()
    {
        // The preface detector decides on the first differing byte ('G' vs 'P'), so a 14-byte request is not held back.
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, new Uri(_member.ClientUrl).Port);
        var stream = socket.GetStream();
        await stream.WriteAsync("GET /health\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? status = await reader.ReadLineAsync(timeout.Token);

        Assert.NotNull(status);
        Assert.StartsWith("HTTP/1.", status);
    }

    [Fact]
    public async Task Hasleader_metadata_without_a_leader_answers_Unavailable_no_leader()
    {
        // A member of a two-member cluster whose peer never starts has no leader.
        using var lonely = GrpcMember.Start(initialCluster: $"a={{peer}},b=http://127.0.0.1:{Engine.TestKit.Processes.EngineServeProcess.FreePort()}", waitHealthy: false);
        lonely.WaitListening(TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await lonely.Kv.RangeAsync(new Wire.RangeRequest { Key = ByteString.CopyFromUtf8("k"), Serializable = true }, GrpcMember.RequireLeader, GrpcMember.Deadline));
        var serializable = await lonely.Kv.RangeAsync(new Wire.RangeRequest { Key = ByteString.CopyFromUtf8("k"), Serializable = true }, deadline: GrpcMember.Deadline);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("etcdserver: no leader", error.Status.Detail);
        Assert.Equal(0, serializable.Count); // without hasleader a serializable read is served locally
    }
}
