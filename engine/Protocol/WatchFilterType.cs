using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Events a watcher filters out. JSON uses the proto enum names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WatchFilterType>))]
public enum WatchFilterType
{
    [JsonStringEnumMemberName("NOPUT")]
    NoPut = 0,

    [JsonStringEnumMemberName("NODELETE")]
    NoDelete = 1,
}
