using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to RoleAdd.</summary>
public sealed class AuthRoleAddResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
