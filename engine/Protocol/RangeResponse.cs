using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to a RangeRequest.</summary>
public sealed class RangeResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("kvs")]
    public List<KeyValue>? Kvs { get; set; }

    /// <summary>More keys matched than the limit returned.</summary>
    [JsonPropertyName("more")]
    public bool More { get; set; }

    /// <summary>Keys in the range (ignoring limit and filters).</summary>
    [JsonPropertyName("count")]
    public long Count { get; set; }
}
