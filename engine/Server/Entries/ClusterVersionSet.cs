using System.Text.Json.Serialization;

namespace Engine.Server.Entries;

/// <summary>
/// The leader's decision of the cluster version (etcd's membershippb.ClusterVersionSetRequest): every
/// member applies it at the same index and stores it in the <c>cluster</c> bucket with that index.
/// </summary>
public sealed class ClusterVersionSet
{
    /// <summary>"major.minor.0".</summary>
    [JsonPropertyName("ver")]
    public string Version { get; set; } = "";
}
