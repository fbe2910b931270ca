using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to a LeaseRevokeRequest.</summary>
public sealed class LeaseRevokeResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
