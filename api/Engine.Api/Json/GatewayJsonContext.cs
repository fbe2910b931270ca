using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Api.Json;

/// <summary>
/// Source-generated JSON for etcd's v3 gateway messages: int64/uint64 written as strings and read from
/// numbers or strings, zero values omitted (empty strings, bytes and lists too, via <see cref="GatewayJson"/>).
/// Serialize through <see cref="GatewayJson"/>, never through this context directly.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
[JsonSerializable(typeof(RangeRequest))]
[JsonSerializable(typeof(RangeResponse))]
[JsonSerializable(typeof(PutRequest))]
[JsonSerializable(typeof(PutResponse))]
[JsonSerializable(typeof(DeleteRangeRequest))]
[JsonSerializable(typeof(DeleteRangeResponse))]
[JsonSerializable(typeof(TxnRequest))]
[JsonSerializable(typeof(TxnResponse))]
[JsonSerializable(typeof(CompactionRequest))]
[JsonSerializable(typeof(CompactionResponse))]
[JsonSerializable(typeof(WatchRequest))]
[JsonSerializable(typeof(WatchResponse))]
[JsonSerializable(typeof(LeaseGrantRequest))]
[JsonSerializable(typeof(LeaseGrantResponse))]
[JsonSerializable(typeof(LeaseRevokeRequest))]
[JsonSerializable(typeof(LeaseRevokeResponse))]
[JsonSerializable(typeof(LeaseKeepAliveRequest))]
[JsonSerializable(typeof(LeaseKeepAliveResponse))]
[JsonSerializable(typeof(LeaseTimeToLiveRequest))]
[JsonSerializable(typeof(LeaseTimeToLiveResponse))]
[JsonSerializable(typeof(LeaseLeasesRequest))]
[JsonSerializable(typeof(LeaseLeasesResponse))]
[JsonSerializable(typeof(MemberListRequest))]
[JsonSerializable(typeof(MemberListResponse))]
[JsonSerializable(typeof(MemberAddRequest))]
[JsonSerializable(typeof(MemberAddResponse))]
[JsonSerializable(typeof(MemberRemoveRequest))]
[JsonSerializable(typeof(MemberRemoveResponse))]
[JsonSerializable(typeof(MemberUpdateRequest))]
[JsonSerializable(typeof(MemberUpdateResponse))]
[JsonSerializable(typeof(MemberPromoteRequest))]
[JsonSerializable(typeof(MemberPromoteResponse))]
[JsonSerializable(typeof(StatusRequest))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(DefragmentRequest))]
[JsonSerializable(typeof(DefragmentResponse))]
[JsonSerializable(typeof(HashRequest))]
[JsonSerializable(typeof(HashResponse))]
[JsonSerializable(typeof(HashKVRequest))]
[JsonSerializable(typeof(HashKVResponse))]
[JsonSerializable(typeof(AlarmRequest))]
[JsonSerializable(typeof(AlarmResponse))]
[JsonSerializable(typeof(DowngradeRequest))]
[JsonSerializable(typeof(DowngradeResponse))]
[JsonSerializable(typeof(SnapshotRequest))]
[JsonSerializable(typeof(SnapshotResponse))]
[JsonSerializable(typeof(GatewayErrorBody))]
[JsonSerializable(typeof(StreamErrorEnvelope))]
[JsonSerializable(typeof(Cli.Client.StreamLine<WatchResponse>))]
[JsonSerializable(typeof(Cli.Client.StreamLine<LeaseKeepAliveResponse>))]
[JsonSerializable(typeof(Cli.Client.StreamLine<SnapshotResponse>))]
public sealed partial class GatewayJsonContext : JsonSerializerContext
{
}
