using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to a DowngradeRequest: the cluster version as major.minor ("3.6"), as etcd's version.Cluster prints it.</summary>
public sealed class DowngradeResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("version")]
    public string? Version { get; set; }
}
