using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>One keep-alive of a lease.</summary>
public sealed class LeaseKeepAliveRequest
{
    [JsonPropertyName("ID")]
    public long ID { get; set; }
}
