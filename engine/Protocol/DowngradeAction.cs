using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>What a DowngradeRequest does (etcdserverpb.DowngradeRequest.DowngradeAction). JSON uses the proto enum names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DowngradeAction>))]
public enum DowngradeAction
{
    [JsonStringEnumMemberName("VALIDATE")]
    Validate = 0,

    [JsonStringEnumMemberName("ENABLE")]
    Enable = 1,

    [JsonStringEnumMemberName("CANCEL")]
    Cancel = 2,
}
