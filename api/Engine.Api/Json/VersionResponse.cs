using System.Text.Json.Serialization;

namespace Engine.Api.Json;

/// <summary>The body of <c>GET /version</c>, as etcd 3.6 writes it.</summary>
public sealed record VersionResponse(
    [property: JsonPropertyName("etcdserver")] string EtcdServer,
    [property: JsonPropertyName("etcdcluster")] string EtcdCluster,
    [property: JsonPropertyName("storage")] string Storage);
