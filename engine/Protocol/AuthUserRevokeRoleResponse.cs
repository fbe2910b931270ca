using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to UserRevokeRole.</summary>
public sealed class AuthUserRevokeRoleResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }
}
