using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Whether authentication is on and the auth store's revision.</summary>
public sealed class AuthStatusResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("enabled")]
    public bool Enabled { get; set; }

    /// <summary>Bumped by every change of users, roles or permissions.</summary>
    [JsonPropertyName("authRevision")]
    public ulong AuthRevision { get; set; }
}
