using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Compacts the key-value history up to a revision.</summary>
public sealed class CompactionRequest
{
    [JsonPropertyName("revision")]
    public long Revision { get; set; }

    /// <summary>Wait until the backend deletions are done.</summary>
    [JsonPropertyName("physical")]
    public bool Physical { get; set; }
}
