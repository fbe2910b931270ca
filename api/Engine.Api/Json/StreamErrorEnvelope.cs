using System.Text.Json.Serialization;

namespace Engine.Api.Json;

/// <summary>A mid-stream error line of etcd 3.4/3.5's gateway: <c>{"error":{"grpc_code":…,"http_code":…,"message":…,"http_status":…}}</c>.</summary>
public sealed class StreamErrorEnvelope
{
    [JsonPropertyName("error")]
    public StreamError? Error { get; set; }
}
