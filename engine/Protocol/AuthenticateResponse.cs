using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The token to send as <c>Authorization</c> (gateway) or <c>token</c> metadata (gRPC).</summary>
public sealed class AuthenticateResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("token")]
    public string? Token { get; set; }
}
