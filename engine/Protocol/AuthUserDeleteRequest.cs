using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Deletes a user (etcdserverpb.AuthUserDeleteRequest).</summary>
public sealed class AuthUserDeleteRequest
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
