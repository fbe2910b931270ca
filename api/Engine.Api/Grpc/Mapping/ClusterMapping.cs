using Engine.Protocol;
using Google.Protobuf.Collections;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Api.Grpc.Mapping;

/// <summary>The Cluster service's messages.</summary>
public static class ClusterMapping
{
    public static MemberListRequest ToEngine(Wire.MemberListRequest request) => new() { Linearizable = request.Linearizable };

    public static MemberAddRequest ToEngine(Wire.MemberAddRequest request) => new() { PeerURLs = [.. request.PeerURLs], IsLearner = request.IsLearner };

    public static MemberRemoveRequest ToEngine(Wire.MemberRemoveRequest request) => new() { ID = request.ID };

    public static MemberUpdateRequest ToEngine(Wire.MemberUpdateRequest request) => new() { ID = request.ID, PeerURLs = [.. request.PeerURLs] };

    public static MemberPromoteRequest ToEngine(Wire.MemberPromoteRequest request) => new() { ID = request.ID };

    public static Wire.MemberListResponse ToProto(MemberListResponse response)
    {
        var result = new Wire.MemberListResponse { Header = ProtoValues.Header(response.Header) };
        AddAll(result.Members, response.Members);
        return result;
    }

    public static Wire.MemberAddResponse ToProto(MemberAddResponse response)
    {
        var result = new Wire.MemberAddResponse { Header = ProtoValues.Header(response.Header) };
        if (response.Member is { } added)
        {
            result.Member = Member(added);
        }

        AddAll(result.Members, response.Members);
        return result;
    }

    public static Wire.MemberRemoveResponse ToProto(MemberRemoveResponse response)
    {
        var result = new Wire.MemberRemoveResponse { Header = ProtoValues.Header(response.Header) };
        AddAll(result.Members, response.Members);
        return result;
    }

    public static Wire.MemberUpdateResponse ToProto(MemberUpdateResponse response)
    {
        var result = new Wire.MemberUpdateResponse { Header = ProtoValues.Header(response.Header) };
        AddAll(result.Members, response.Members);
        return result;
    }

    public static Wire.MemberPromoteResponse ToProto(MemberPromoteResponse response)
    {
        var result = new Wire.MemberPromoteResponse { Header = ProtoValues.Header(response.Header) };
        AddAll(result.Members, response.Members);
        return result;
    }

    private static Wire.Member Member(Member member)
    {
        var result = new Wire.Member { ID = member.ID, Name = member.Name ?? "", IsLearner = member.IsLearner };
        if (member.PeerURLs is { } peers)
        {
            result.PeerURLs.AddRange(peers);
        }

        if (member.ClientURLs is { } clients)
        {
            result.ClientURLs.AddRange(clients);
        }

        return result;
    }

    private static void AddAll(RepeatedField<Wire.Member> target, List<Member>? members)
    {
        if (members is null)
        {
            return;
        }

        foreach (Member member in members)
        {
            target.Add(Member(member));
        }
    }
}
