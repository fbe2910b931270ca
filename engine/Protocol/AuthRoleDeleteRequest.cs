using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Deletes a role and revokes it from every user (etcdserverpb.AuthRoleDeleteRequest).</summary>
public sealed class AuthRoleDeleteRequest
{
    [JsonPropertyName("role")]
    public string? Role { get; set; }
}
