using System.Security.Cryptography;
using Engine.Api.Grpc.Health;
using Google.Protobuf;
using Grpc.Core;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Grpc.Tests;

/// <summary>etcdserverpb.Maintenance and Cluster, grpc.health.v1 and the services not served yet.</summary>
public sealed class MaintenanceTests(GrpcMemberFixture fixture) : IClassFixture<GrpcMemberFixture>
{
    private readonly GrpcMember _member = fixture.Member;

    [Fact]
    public async Task Status_names_this_member_as_leader_and_member_list_lists_it()
    {
        var status = await _member.Maintenance.StatusAsync(new Wire.StatusRequest(), deadline: GrpcMember.Deadline);
        var members = await _member.Cluster.MemberListAsync(new Wire.MemberListRequest(), deadline: GrpcMember.Deadline);

        Assert.Equal(status.Header.MemberId, status.Leader);
        Assert.True(status.DbSize > 0);
        var self = Assert.Single(members.Members);
        Assert.Equal(status.Header.MemberId, self.ID);
        Assert.Equal("a", self.Name);
        Assert.Equal(_member.ClientUrl, self.ClientURLs.Single());
    }

    [Fact]
    public async Task Hash_hashkv_alarm_and_defragment_answer()
    {
        await _member.Kv.PutAsync(new Wire.PutRequest { Key = ByteString.CopyFromUtf8("m1/k"), Value = ByteString.CopyFromUtf8("v") });
        var first = await _member.Maintenance.HashKVAsync(new Wire.HashKVRequest(), deadline: GrpcMember.Deadline);
        var again = await _member.Maintenance.HashKVAsync(new Wire.HashKVRequest { Revision = first.Header.Revision }, deadline: GrpcMember.Deadline);
        await _member.Maintenance.HashAsync(new Wire.HashRequest(), deadline: GrpcMember.Deadline);
        var alarms = await _member.Maintenance.AlarmAsync(new Wire.AlarmRequest { Action = Wire.AlarmRequest.Types.AlarmAction.Get }, deadline: GrpcMember.Deadline);
        await _member.Maintenance.DefragmentAsync(new Wire.DefragmentRequest(), deadline: GrpcMember.Deadline);

        Assert.Equal(first.Hash, again.Hash); // same revision, same hash
        Assert.Equal(first.Header.Revision, first.HashRevision);
        Assert.Empty(alarms.Alarms);
    }

    [Fact]
    public async Task Snapshot_streams_the_db_ending_with_its_sha256()
    {
        using var call = _member.Maintenance.Snapshot(new Wire.SnapshotRequest(), deadline: GrpcMember.Deadline);
        var messages = new List<Wire.SnapshotResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            messages.Add(call.ResponseStream.Current);
        }

        byte[] db = messages.SkipLast(1).SelectMany(m => m.Blob.ToByteArray()).ToArray();
        Assert.True(messages.Count >= 2);
        Assert.Equal(SHA256.HashData(db), messages[^1].Blob.ToByteArray());
        Assert.Equal(0UL, messages[^1].RemainingBytes);
        Assert.Equal((ulong)(db.Length - messages[0].Blob.Length), messages[0].RemainingBytes);
    }

    [Fact]
    public async Task Health_check_of_the_server_is_SERVING_and_an_unknown_service_is_NotFound()
    {
        var health = new Health.HealthClient(_member.Channel);

        var serving = await health.CheckAsync(new HealthCheckRequest(), deadline: GrpcMember.Deadline);
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await health.CheckAsync(new HealthCheckRequest { Service = "nope" }, deadline: GrpcMember.Deadline));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, serving.Status);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown service", unknown.Status.Detail);
    }

    [Fact]
    public async Task MoveLeader_and_auth_answer_Unimplemented_until_they_exist()
    {
        var auth = new Wire.Auth.AuthClient(_member.Channel);

        var move = await Assert.ThrowsAsync<RpcException>(async () => await _member.Maintenance.MoveLeaderAsync(new Wire.MoveLeaderRequest { TargetID = 1 }, deadline: GrpcMember.Deadline));
        var enable = await Assert.ThrowsAsync<RpcException>(async () => await auth.AuthEnableAsync(new Wire.AuthEnableRequest(), deadline: GrpcMember.Deadline));

        Assert.Equal(StatusCode.Unimplemented, move.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, enable.StatusCode);
    }
}
