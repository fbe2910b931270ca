using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>A role's permissions, sorted by key.</summary>
public sealed class AuthRoleGetResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("perm")]
    public List<Permission>? Perm { get; set; }
}
