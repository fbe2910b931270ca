using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to RoleGrantPermission.</summary>
public sealed class AuthRoleGrantPermissionResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
