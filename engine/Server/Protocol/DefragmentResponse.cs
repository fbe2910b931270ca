using System.Text.Json.Serialization;
using Engine.Mvcc.Protocol;

namespace Engine.Server.Protocol;

/// <summary>The answer to a DefragmentRequest.</summary>
public sealed class DefragmentResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
