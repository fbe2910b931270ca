using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to AuthDisable.</summary>
public sealed class AuthDisableResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
