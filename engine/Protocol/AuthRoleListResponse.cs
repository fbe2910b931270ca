using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Every role name, sorted.</summary>
public sealed class AuthRoleListResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("roles")]
    public List<string>? Roles { get; set; }
}
