using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Mvcc;

/// <summary>The answer to HashKV (etcdserverpb.HashKVResponse): hash of the key space at hash_revision.</summary>
public sealed class KvHashResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("hash")]
    public uint Hash { get; set; }

    [JsonPropertyName("compact_revision")]
    public long CompactRevision { get; set; }

    [JsonPropertyName("hash_revision")]
    public long HashRevision { get; set; }
}
