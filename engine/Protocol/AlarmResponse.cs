using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Protocol;

/// <summary>The alarms in effect after an AlarmRequest.</summary>
public sealed class AlarmResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("alarms")]
    public List<AlarmMember>? Alarms { get; set; }
}
