using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to a LeaseGrantRequest.</summary>
public sealed class LeaseGrantResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("ID")]
    public long ID { get; set; }

    [JsonPropertyName("TTL")]
    public long TTL { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}
