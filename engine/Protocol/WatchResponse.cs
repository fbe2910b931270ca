using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>One message of a watch response stream.</summary>
public sealed class WatchResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("watch_id")]
    public long WatchId { get; set; }

    [JsonPropertyName("created")]
    public bool Created { get; set; }

    [JsonPropertyName("canceled")]
    public bool Canceled { get; set; }

    [JsonPropertyName("compact_revision")]
    public long CompactRevision { get; set; }

    [JsonPropertyName("cancel_reason")]
    public string? CancelReason { get; set; }

    [JsonPropertyName("fragment")]
    public bool Fragment { get; set; }

    [JsonPropertyName("events")]
    public List<Event>? Events { get; set; }
}
