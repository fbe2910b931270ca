using Engine.Protocol;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Api.Grpc.Mapping;

/// <summary>The Lease service's messages.</summary>
public static class LeaseMapping
{
    public static LeaseGrantRequest ToEngine(Wire.LeaseGrantRequest request) => new() { TTL = request.TTL, ID = request.ID };

    public static LeaseRevokeRequest ToEngine(Wire.LeaseRevokeRequest request) => new() { ID = request.ID };

    public static LeaseKeepAliveRequest ToEngine(Wire.LeaseKeepAliveRequest request) => new() { ID = request.ID };

    public static LeaseTimeToLiveRequest ToEngine(Wire.LeaseTimeToLiveRequest request) => new() { ID = request.ID, Keys = request.Keys };

    public static Wire.LeaseGrantResponse ToProto(LeaseGrantResponse response) => new()
    {
        Header = ProtoValues.Header(response.Header),
        ID = response.ID,
        TTL = response.TTL,
        Error = response.Error ?? "",
    };

    public static Wire.LeaseRevokeResponse ToProto(LeaseRevokeResponse response) => new() { Header = ProtoValues.Header(response.Header) };

    public static Wire.LeaseKeepAliveResponse ToProto(LeaseKeepAliveResponse response) => new()
    {
        Header = ProtoValues.Header(response.Header),
        ID = response.ID,
        TTL = response.TTL,
    };

    public static Wire.LeaseTimeToLiveResponse ToProto(LeaseTimeToLiveResponse response)
    {
        var result = new Wire.LeaseTimeToLiveResponse
        {
            Header = ProtoValues.Header(response.Header),
            ID = response.ID,
            TTL = response.TTL,
            GrantedTTL = response.GrantedTTL,
        };
        if (response.Keys is { } keys)
        {
            foreach (byte[] key in keys)
            {
                result.Keys.Add(ProtoValues.Bytes(key));
            }
        }

        return result;
    }

    public static Wire.LeaseLeasesResponse ToProto(LeaseLeasesResponse response)
    {
        var result = new Wire.LeaseLeasesResponse { Header = ProtoValues.Header(response.Header) };
        if (response.Leases is { } leases)
        {
            foreach (LeaseStatus lease in leases)
            {
                result.Leases.Add(new Wire.LeaseStatus { ID = lease.ID });
            }
        }

        return result;
    }
}
