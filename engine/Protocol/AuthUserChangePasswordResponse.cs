using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to UserChangePassword.</summary>
public sealed class AuthUserChangePasswordResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
