using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Protocol;

/// <summary>One chunk of a snapshot stream; the last chunk's blob is the SHA-256 of the db.</summary>
public sealed class SnapshotResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    /// <summary>Bytes still to come after this chunk.</summary>
    [JsonPropertyName("remaining_bytes")]
    public ulong RemainingBytes { get; set; }

    [JsonPropertyName("blob")]
    public byte[]? Blob { get; set; }

    /// <summary>3.6.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }
}
