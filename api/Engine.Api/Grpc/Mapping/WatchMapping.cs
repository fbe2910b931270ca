using Engine.Protocol;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Api.Grpc.Mapping;

/// <summary>The Watch stream's messages.</summary>
public static class WatchMapping
{
    /// <summary>A watch request; one with no member set stays empty (the stream ignores it, as etcd does).</summary>
    public static WatchRequest ToEngine(Wire.WatchRequest request) => request.RequestUnionCase switch
    {
        Wire.WatchRequest.RequestUnionOneofCase.CreateRequest => new WatchRequest { CreateRequest = ToEngine(request.CreateRequest) },
        Wire.WatchRequest.RequestUnionOneofCase.CancelRequest => new WatchRequest { CancelRequest = new WatchCancelRequest { WatchId = request.CancelRequest.WatchId } },
        Wire.WatchRequest.RequestUnionOneofCase.ProgressRequest => new WatchRequest { ProgressRequest = new WatchProgressRequest() },
        _ => new WatchRequest(),
    };

    public static Wire.WatchResponse ToProto(WatchResponse response)
    {
        var result = new Wire.WatchResponse
        {
            Header = ProtoValues.Header(response.Header),
            WatchId = response.WatchId,
            Created = response.Created,
            Canceled = response.Canceled,
            CompactRevision = response.CompactRevision,
            CancelReason = response.CancelReason ?? "",
            Fragment = response.Fragment,
        };
        if (response.Events is { } events)
        {
            foreach (Event change in events)
            {
                result.Events.Add(ProtoValues.Event(change));
            }
        }

        return result;
    }

    private static WatchCreateRequest ToEngine(Wire.WatchCreateRequest create)
    {
        var result = new WatchCreateRequest
        {
            Key = ProtoValues.Bytes(create.Key),
            RangeEnd = ProtoValues.Bytes(create.RangeEnd),
            StartRevision = create.StartRevision,
            ProgressNotify = create.ProgressNotify,
            PrevKv = create.PrevKv,
            WatchId = create.WatchId,
            Fragment = create.Fragment,
        };
        if (create.Filters.Count > 0)
        {
            result.Filters = new List<WatchFilterType>(create.Filters.Count);
            foreach (Wire.WatchCreateRequest.Types.FilterType filter in create.Filters)
            {
                result.Filters.Add((WatchFilterType)(int)filter);
            }
        }

        return result;
    }
}
