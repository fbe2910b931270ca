using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Asks a lease's remaining time.</summary>
public sealed class LeaseTimeToLiveRequest
{
    [JsonPropertyName("ID")]
    public long ID { get; set; }

    /// <summary>Also list the attached keys.</summary>
    [JsonPropertyName("keys")]
    public bool Keys { get; set; }
}
