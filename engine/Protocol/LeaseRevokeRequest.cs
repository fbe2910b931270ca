using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Revokes a lease and deletes its keys.</summary>
public sealed class LeaseRevokeRequest
{
    [JsonPropertyName("ID")]
    public long ID { get; set; }
}
