using System.Text.Json.Serialization;

namespace Engine.Api.Json;

/// <summary>The body of a mid-stream error line (grpc-gateway v1's <c>StreamError</c>).</summary>
public sealed class StreamError
{
    [JsonPropertyName("grpc_code")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int GrpcCode { get; set; }

    [JsonPropertyName("http_code")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int HttpCode { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("http_status")]
    public string? HttpStatus { get; set; }
}
