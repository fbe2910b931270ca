using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The kinds of alarm. JSON uses the proto enum names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlarmType>))]
public enum AlarmType
{
    [JsonStringEnumMemberName("NONE")]
    None = 0,

    [JsonStringEnumMemberName("NOSPACE")]
    NoSpace = 1,

    [JsonStringEnumMemberName("CORRUPT")]
    Corrupt = 2,
}
