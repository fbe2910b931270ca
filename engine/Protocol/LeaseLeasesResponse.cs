using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to a LeaseLeasesRequest.</summary>
public sealed class LeaseLeasesResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("leases")]
    public List<LeaseStatus>? Leases { get; set; }
}
