using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Gets a user's roles (etcdserverpb.AuthUserGetRequest).</summary>
public sealed class AuthUserGetRequest
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
