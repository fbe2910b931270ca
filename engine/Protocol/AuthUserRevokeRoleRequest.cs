using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Revokes a role from a user (etcdserverpb.AuthUserRevokeRoleRequest).</summary>
public sealed class AuthUserRevokeRoleRequest
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("role")]
    public string? Role { get; set; }
}
