using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The kind of a watch event. JSON uses the proto enum names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventType>))]
public enum EventType
{
    [JsonStringEnumMemberName("PUT")]
    Put = 0,

    [JsonStringEnumMemberName("DELETE")]
    Delete = 1,
}
