using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Protocol;

/// <summary>The answer to a DefragmentRequest.</summary>
public sealed class DefragmentResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
