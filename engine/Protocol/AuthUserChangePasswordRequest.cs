using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Changes a user's password (etcdserverpb.AuthUserChangePasswordRequest).</summary>
public sealed class AuthUserChangePasswordRequest
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Clear text; hashed before it is proposed.</summary>
    [JsonPropertyName("password")]
    public string? Password { get; set; }

    /// <summary>A bcrypt hash, base64 (3.5+).</summary>
    [JsonPropertyName("hashedPassword")]
    public string? HashedPassword { get; set; }
}
