using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to UserGrantRole.</summary>
public sealed class AuthUserGrantRoleResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
