using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>One lease in a LeaseLeasesResponse.</summary>
public sealed class LeaseStatus
{
    [JsonPropertyName("ID")]
    public long ID { get; set; }
}
