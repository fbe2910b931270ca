using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to UserAdd.</summary>
public sealed class AuthUserAddResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
