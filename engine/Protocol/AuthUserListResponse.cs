using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Every user name, sorted.</summary>
public sealed class AuthUserListResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("users")]
    public List<string>? Users { get; set; }
}
