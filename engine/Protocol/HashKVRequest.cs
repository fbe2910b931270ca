using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Asks for the hash of the key-value history up to a revision (0 = latest).</summary>
public sealed class HashKVRequest
{
    [JsonPropertyName("revision")]
    public long Revision { get; set; }
}
