using System.Text.Json.Serialization;

namespace Engine.Server.Entries;

/// <summary>Remaining TTLs of long leases, proposed by the leader so a leader change does not reset them (etcd LeaseCheckpoint).</summary>
public sealed class LeaseCheckpointRequest
{
    [JsonPropertyName("checkpoints")]
    public List<LeaseCheckpoint>? Checkpoints { get; set; }
}
