using System.Text.Json.Serialization;

namespace Engine.Api.Json;

/// <summary>etcd 3.4/3.5's gateway error body for a unary call: <c>{"error":msg,"code":grpc,"message":msg}</c>.</summary>
public sealed class GatewayErrorBody
{
    [JsonPropertyName("error")]
    public string? Error { get; set; }

    /// <summary>The gRPC code, as a JSON number.</summary>
    [JsonPropertyName("code")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
