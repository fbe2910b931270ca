using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Exchanges a user name and password for a token (etcdserverpb.AuthenticateRequest).</summary>
public sealed class AuthenticateRequest
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("password")]
    public string? Password { get; set; }
}
