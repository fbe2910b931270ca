using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Grants a role to a user (etcdserverpb.AuthUserGrantRoleRequest).</summary>
public sealed class AuthUserGrantRoleRequest
{
    [JsonPropertyName("user")]
    public string? User { get; set; }

    [JsonPropertyName("role")]
    public string? Role { get; set; }
}
