using System.Text.Json.Serialization;

namespace Engine.Server.Entries;

/// <summary>One lease's remaining TTL in a <see cref="LeaseCheckpointRequest"/>.</summary>
public sealed class LeaseCheckpoint
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("remaining_ttl")]
    public long RemainingTtl { get; set; }
}
