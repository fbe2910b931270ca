using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to UserDelete.</summary>
public sealed class AuthUserDeleteResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
