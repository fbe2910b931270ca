using System.Text;
using Engine.Protocol;
using Engine.Server.Cluster;

namespace Engine.Server.Tests.Cluster;

/// <summary>
/// A promote forwarded to the leader (etcd's promoteMemberHTTP) must hand back the leader's own refusal:
/// the gateway's error body <c>{"error","code","message"}</c> is read back into the same etcd error.
/// </summary>
public sealed class LeaderForwarderTests
{
    [Fact]
    public void The_leaders_learner_not_ready_refusal_is_passed_back_with_its_code_and_text()
    {
        var refusal = EtcdErrors.LearnerNotReady;
        string body = $"{{\"error\":\"{refusal.Message}\",\"code\":{(int)refusal.Code},\"message\":\"{refusal.Message}\"}}";

        var parsed = LeaderForwarder.ParseError(Encoding.UTF8.GetBytes(body));

        Assert.NotNull(parsed);
        Assert.Equal(GrpcCode.FailedPrecondition, parsed.Code);
        Assert.Equal("etcdserver: can only promote a learner member which is in sync with leader", parsed.Message);
    }

    [Theory]
    [InlineData("{\"header\":{}}")]
    [InlineData("not json")]
    [InlineData("{\"code\":\"9\",\"message\":\"x\"}")]
    [InlineData("[]")]
    public void A_body_that_is_not_an_error_is_not_mistaken_for_one(string body)
    {
        Assert.Null(LeaderForwarder.ParseError(Encoding.UTF8.GetBytes(body)));
    }
}
