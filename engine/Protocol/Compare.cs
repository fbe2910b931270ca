using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>One condition of a txn (etcdserverpb.Compare); the target_union fields are flattened as in JSON.</summary>
public sealed class Compare
{
    [JsonPropertyName("result")]
    public CompareResult Result { get; set; }

    [JsonPropertyName("target")]
    public CompareTarget Target { get; set; }

    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    [JsonPropertyName("version")]
    public long Version { get; set; }

    [JsonPropertyName("create_revision")]
    public long CreateRevision { get; set; }

    [JsonPropertyName("mod_revision")]
    public long ModRevision { get; set; }

    [JsonPropertyName("value")]
    public byte[]? Value { get; set; }

    [JsonPropertyName("lease")]
    public long Lease { get; set; }

    /// <summary>Applies the compare to every key in [key, range_end).</summary>
    [JsonPropertyName("range_end")]
    public byte[]? RangeEnd { get; set; }
}
