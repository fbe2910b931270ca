using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Revokes the permission on exactly [key, range_end) from a role (etcdserverpb.AuthRoleRevokePermissionRequest).</summary>
public sealed class AuthRoleRevokePermissionRequest
{
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    [JsonPropertyName("range_end")]
    public byte[]? RangeEnd { get; set; }
}
