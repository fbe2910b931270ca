using System.Text.Json.Serialization;

namespace Engine.Api.Json;

/// <summary>The body of <c>GET /health</c>, as etcd writes it.</summary>
public sealed record HealthResponse(
    [property: JsonPropertyName("health")] string Health,
    [property: JsonPropertyName("reason")] string Reason);
