using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to RoleRevokePermission.</summary>
public sealed class AuthRoleRevokePermissionResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
