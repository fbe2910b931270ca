using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Cancels a watcher of the stream.</summary>
public sealed class WatchCancelRequest
{
    [JsonPropertyName("watch_id")]
    public long WatchId { get; set; }
}
