using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Protocol;

/// <summary>The answer to a HashRequest; hash is a uint32 and so a JSON number.</summary>
public sealed class HashResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    /// <summary>CRC-32C; written as a JSON number.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    [JsonPropertyName("hash")]
    public uint Hash { get; set; }
}
