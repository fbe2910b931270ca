using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>A user's roles, sorted.</summary>
public sealed class AuthUserGetResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("roles")]
    public List<string>? Roles { get; set; }
}
