using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Validates, enables or cancels a cluster downgrade (etcdserverpb.DowngradeRequest, etcd 3.5+).</summary>
public sealed class DowngradeRequest
{
    [JsonPropertyName("action")]
    public DowngradeAction Action { get; set; }

    /// <summary>The target version ("3.5" or "3.5.0"); ignored by CANCEL.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }
}
