using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Adds a user (etcdserverpb.AuthUserAddRequest).</summary>
public sealed class AuthUserAddRequest
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Clear text; hashed with bcrypt before it is proposed, never stored or logged.</summary>
    [JsonPropertyName("password")]
    public string? Password { get; set; }

    [JsonPropertyName("options")]
    public UserAddOptions? Options { get; set; }

    /// <summary>A bcrypt hash, base64 (3.5+): used instead of <c>password</c> when given.</summary>
    [JsonPropertyName("hashedPassword")]
    public string? HashedPassword { get; set; }
}
