using System.Text.Json.Serialization;

namespace Engine.Server.Transport;

/// <summary>A member's versions as etcd's peer <c>/version</c> answers them (version.Versions): server and cluster ("" while not decided).</summary>
public sealed record PeerVersions(
    [property: JsonPropertyName("etcdserver")] string Server,
    [property: JsonPropertyName("etcdcluster")] string Cluster);
