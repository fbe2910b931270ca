using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Deletes a key or a range (etcdserverpb.DeleteRangeRequest).</summary>
public sealed class DeleteRangeRequest
{
    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    [JsonPropertyName("range_end")]
    public byte[]? RangeEnd { get; set; }

    [JsonPropertyName("prev_kv")]
    public bool PrevKv { get; set; }
}
