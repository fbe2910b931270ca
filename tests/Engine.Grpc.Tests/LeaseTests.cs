using Google.Protobuf;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Grpc.Tests;

/// <summary>etcdserverpb.Lease over gRPC, including the LeaseKeepAlive bidirectional stream.</summary>
public sealed class LeaseTests(GrpcMemberFixture fixture) : IClassFixture<GrpcMemberFixture>
{
    private readonly GrpcMember _member = fixture.Member;

    [Fact]
    public async Task Grant_keep_alive_time_to_live_with_keys_list_and_revoke()
    {
        var grant = await _member.Lease.LeaseGrantAsync(new Wire.LeaseGrantRequest { TTL = 30 }, deadline: GrpcMember.Deadline);
        await _member.Kv.PutAsync(new Wire.PutRequest { Key = ByteString.CopyFromUtf8("l1/k"), Value = ByteString.CopyFromUtf8("v"), Lease = grant.ID });

        using (var keepAlive = _member.Lease.LeaseKeepAlive(GrpcMember.RequireLeader, GrpcMember.Deadline))
        {
            for (int i = 0; i < 2; i++)
            {
                await keepAlive.RequestStream.WriteAsync(new Wire.LeaseKeepAliveRequest { ID = grant.ID });
                Assert.True(await keepAlive.ResponseStream.MoveNext(CancellationToken.None));
                Assert.Equal(grant.ID, keepAlive.ResponseStream.Current.ID);
                Assert.Equal(30, keepAlive.ResponseStream.Current.TTL);
            }

            // etcd: a keep-alive for an unknown lease answers TTL 0, not an error.
            await keepAlive.RequestStream.WriteAsync(new Wire.LeaseKeepAliveRequest { ID = grant.ID + 12345 });
            Assert.True(await keepAlive.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(0, keepAlive.ResponseStream.Current.TTL);
            await keepAlive.RequestStream.CompleteAsync();
            Assert.False(await keepAlive.ResponseStream.MoveNext(CancellationToken.None));
        }

        var ttl = await _member.Lease.LeaseTimeToLiveAsync(new Wire.LeaseTimeToLiveRequest { ID = grant.ID, Keys = true });
        Assert.Equal(30, ttl.GrantedTTL);
        Assert.InRange(ttl.TTL, 1, 30);
        Assert.Equal("l1/k", ttl.Keys.Single().ToStringUtf8());
        Assert.Contains(grant.ID, (await _member.Lease.LeaseLeasesAsync(new Wire.LeaseLeasesRequest())).Leases.Select(l => l.ID));

        await _member.Lease.LeaseRevokeAsync(new Wire.LeaseRevokeRequest { ID = grant.ID });
        Assert.Equal(0, (await _member.Kv.RangeAsync(new Wire.RangeRequest { Key = ByteString.CopyFromUtf8("l1/k") })).Count);
        Assert.Equal(-1, (await _member.Lease.LeaseTimeToLiveAsync(new Wire.LeaseTimeToLiveRequest { ID = grant.ID })).TTL);
    }

    [Fact]
    public async Task Revoking_an_unknown_lease_answers_NotFound_with_etcds_text()
    {
        var error = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await _member.Lease.LeaseRevokeAsync(new Wire.LeaseRevokeRequest { ID = 0x7eadbeef }, deadline: GrpcMember.Deadline));

        Assert.Equal(global::Grpc.Core.StatusCode.NotFound, error.StatusCode);
        Assert.Equal("etcdserver: requested lease not found", error.Status.Detail);
    }
}
