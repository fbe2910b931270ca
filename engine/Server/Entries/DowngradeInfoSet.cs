using System.Text.Json.Serialization;

namespace Engine.Server.Entries;

/// <summary>
/// Enables or cancels the downgrade job (etcd's membershippb.DowngradeInfoSetRequest): stored in the
/// <c>cluster</c> bucket under <c>downgrade</c> at the entry's index. A cancel carries no version.
/// </summary>
public sealed class DowngradeInfoSet
{
    [JsonPropertyName("enabled")]
    public bool Enabled { get; set; }

    /// <summary>The target "major.minor.0" when enabling; "" when cancelling.</summary>
    [JsonPropertyName("ver")]
    public string Version { get; set; } = "";
}
