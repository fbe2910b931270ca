using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>What an AlarmRequest does. JSON uses the proto enum names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlarmAction>))]
public enum AlarmAction
{
    [JsonStringEnumMemberName("GET")]
    Get = 0,

    [JsonStringEnumMemberName("ACTIVATE")]
    Activate = 1,

    [JsonStringEnumMemberName("DEACTIVATE")]
    Deactivate = 2,
}
