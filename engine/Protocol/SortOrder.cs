using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Range sort order. JSON uses the proto enum names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SortOrder>))]
public enum SortOrder
{
    [JsonStringEnumMemberName("NONE")]
    None = 0,

    [JsonStringEnumMemberName("ASCEND")]
    Ascend = 1,

    [JsonStringEnumMemberName("DESCEND")]
    Descend = 2,
}
