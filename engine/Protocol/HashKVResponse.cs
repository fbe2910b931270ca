using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Protocol;

/// <summary>The answer to a HashKVRequest.</summary>
public sealed class HashKVResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    /// <summary>CRC-32C; written as a JSON number.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    [JsonPropertyName("hash")]
    public uint Hash { get; set; }

    [JsonPropertyName("compact_revision")]
    public long CompactRevision { get; set; }

    /// <summary>3.6.</summary>
    [JsonPropertyName("hash_revision")]
    public long HashRevision { get; set; }
}
