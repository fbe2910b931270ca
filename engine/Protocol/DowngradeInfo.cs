using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The cluster's downgrade state in a StatusResponse (etcd 3.6).</summary>
public sealed class DowngradeInfo
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; set; }

    [JsonPropertyName("targetVersion")]
    public string? TargetVersion { get; set; }
}
