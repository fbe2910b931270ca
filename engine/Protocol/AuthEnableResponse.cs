using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to AuthEnable.</summary>
public sealed class AuthEnableResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
