using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>A lease's remaining and granted TTL (TTL -1 when the lease does not exist).</summary>
public sealed class LeaseTimeToLiveResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("ID")]
    public long ID { get; set; }

    [JsonPropertyName("TTL")]
    public long TTL { get; set; }

    [JsonPropertyName("grantedTTL")]
    public long GrantedTTL { get; set; }

    [JsonPropertyName("keys")]
    public List<byte[]>? Keys { get; set; }
}
