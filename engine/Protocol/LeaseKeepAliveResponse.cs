using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to a keep-alive: the renewed TTL (0 when the lease does not exist).</summary>
public sealed class LeaseKeepAliveResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("ID")]
    public long ID { get; set; }

    [JsonPropertyName("TTL")]
    public long TTL { get; set; }
}
