using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to a DeleteRangeRequest.</summary>
public sealed class DeleteRangeResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("deleted")]
    public long Deleted { get; set; }

    [JsonPropertyName("prev_kvs")]
    public List<KeyValue>? PrevKvs { get; set; }
}
