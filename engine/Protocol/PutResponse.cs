using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to a PutRequest.</summary>
public sealed class PutResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("prev_kv")]
    public KeyValue? PrevKv { get; set; }
}
