using Engine.Protocol;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Api.Grpc.Mapping;

/// <summary>The Maintenance service's messages.</summary>
public static class MaintenanceMapping
{
    public static HashKVRequest ToEngine(Wire.HashKVRequest request) => new() { Revision = request.Revision };

    public static AlarmRequest ToEngine(Wire.AlarmRequest request) => new()
    {
        Action = (AlarmAction)(int)request.Action,
        MemberID = request.MemberID,
        Alarm = (AlarmType)(int)request.Alarm,
    };

    public static Wire.StatusResponse ToProto(StatusResponse response)
    {
        var result = new Wire.StatusResponse
        {
            Header = ProtoValues.Header(response.Header),
            Version = response.Version ?? "",
            DbSize = response.DbSize,
            Leader = response.Leader,
            RaftIndex = response.RaftIndex,
            RaftTerm = response.RaftTerm,
            RaftAppliedIndex = response.RaftAppliedIndex,
            DbSizeInUse = response.DbSizeInUse,
            IsLearner = response.IsLearner,
            StorageVersion = response.StorageVersion ?? "",
            DbSizeQuota = response.DbSizeQuota,
        };
        if (response.Errors is { } errors)
        {
            result.Errors.AddRange(errors);
        }

        if (response.DowngradeInfo is { } downgrade)
        {
            result.DowngradeInfo = new Wire.DowngradeInfo { Enabled = downgrade.Enabled, TargetVersion = downgrade.TargetVersion ?? "" };
        }

        return result;
    }

    /// <summary>etcd answers Defragment with an empty message (no header); a header is passed on only if the server set one.</summary>
    public static Wire.DefragmentResponse ToProto(DefragmentResponse response) =>
        response.Header is null ? new Wire.DefragmentResponse() : new Wire.DefragmentResponse { Header = ProtoValues.Header(response.Header) };

    public static Wire.HashResponse ToProto(HashResponse response) => new() { Header = ProtoValues.Header(response.Header), Hash = response.Hash };

    public static Wire.HashKVResponse ToProto(HashKVResponse response) => new()
    {
        Header = ProtoValues.Header(response.Header),
        Hash = response.Hash,
        CompactRevision = response.CompactRevision,
        HashRevision = response.HashRevision,
    };

    public static Wire.AlarmResponse ToProto(AlarmResponse response)
    {
        var result = new Wire.AlarmResponse { Header = ProtoValues.Header(response.Header) };
        if (response.Alarms is { } alarms)
        {
            foreach (AlarmMember alarm in alarms)
            {
                result.Alarms.Add(new Wire.AlarmMember { MemberID = alarm.MemberID, Alarm = (Wire.AlarmType)(int)alarm.Alarm });
            }
        }

        return result;
    }

    public static Wire.SnapshotResponse ToProto(SnapshotResponse response) => new()
    {
        Header = ProtoValues.Header(response.Header),
        RemainingBytes = response.RemainingBytes,
        Blob = ProtoValues.Bytes(response.Blob),
        Version = response.Version ?? "",
    };
}
