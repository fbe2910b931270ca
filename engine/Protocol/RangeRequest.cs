using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Reads a key or a range (etcdserverpb.RangeRequest).</summary>
public sealed class RangeRequest
{
    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    /// <summary>Absent: single key; "\0": all keys &gt;= key; otherwise the half-open end.</summary>
    [JsonPropertyName("range_end")]
    public byte[]? RangeEnd { get; set; }

    /// <summary>0 = no limit.</summary>
    [JsonPropertyName("limit")]
    public long Limit { get; set; }

    /// <summary>&lt;= 0 = current.</summary>
    [JsonPropertyName("revision")]
    public long Revision { get; set; }

    [JsonPropertyName("sort_order")]
    public SortOrder SortOrder { get; set; }

    [JsonPropertyName("sort_target")]
    public SortTarget SortTarget { get; set; }

    [JsonPropertyName("serializable")]
    public bool Serializable { get; set; }

    [JsonPropertyName("keys_only")]
    public bool KeysOnly { get; set; }

    [JsonPropertyName("count_only")]
    public bool CountOnly { get; set; }

    [JsonPropertyName("min_mod_revision")]
    public long MinModRevision { get; set; }

    [JsonPropertyName("max_mod_revision")]
    public long MaxModRevision { get; set; }

    [JsonPropertyName("min_create_revision")]
    public long MinCreateRevision { get; set; }

    [JsonPropertyName("max_create_revision")]
    public long MaxCreateRevision { get; set; }
}
