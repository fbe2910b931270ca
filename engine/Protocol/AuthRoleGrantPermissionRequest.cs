using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Grants (or updates) a key permission of a role (etcdserverpb.AuthRoleGrantPermissionRequest).</summary>
public sealed class AuthRoleGrantPermissionRequest
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("perm")]
    public Permission? Perm { get; set; }
}
