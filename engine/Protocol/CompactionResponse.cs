using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to a CompactionRequest.</summary>
public sealed class CompactionResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
