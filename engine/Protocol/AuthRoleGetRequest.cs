using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Gets a role's permissions (etcdserverpb.AuthRoleGetRequest).</summary>
public sealed class AuthRoleGetRequest
{
    [JsonPropertyName("role")]
    public string? Role { get; set; }
}
