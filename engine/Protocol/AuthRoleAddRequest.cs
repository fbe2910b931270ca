using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Adds a role (etcdserverpb.AuthRoleAddRequest).</summary>
public sealed class AuthRoleAddRequest
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
