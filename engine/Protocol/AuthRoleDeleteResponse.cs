using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to RoleDelete.</summary>
public sealed class AuthRoleDeleteResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
