using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Writes one key (etcdserverpb.PutRequest).</summary>
public sealed class PutRequest
{
    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    [JsonPropertyName("value")]
    public byte[]? Value { get; set; }

    [JsonPropertyName("lease")]
    public long Lease { get; set; }

    [JsonPropertyName("prev_kv")]
    public bool PrevKv { get; set; }

    [JsonPropertyName("ignore_value")]
    public bool IgnoreValue { get; set; }

    [JsonPropertyName("ignore_lease")]
    public bool IgnoreLease { get; set; }
}
