using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Creates a watcher on a key or range.</summary>
public sealed class WatchCreateRequest
{
    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    [JsonPropertyName("range_end")]
    public byte[]? RangeEnd { get; set; }

    /// <summary>Inclusive; 0 = current + 1.</summary>
    [JsonPropertyName("start_revision")]
    public long StartRevision { get; set; }

    [JsonPropertyName("progress_notify")]
    public bool ProgressNotify { get; set; }

    [JsonPropertyName("filters")]
    public List<WatchFilterType>? Filters { get; set; }

    [JsonPropertyName("prev_kv")]
    public bool PrevKv { get; set; }

    /// <summary>0 = assigned by the server.</summary>
    [JsonPropertyName("watch_id")]
    public long WatchId { get; set; }

    [JsonPropertyName("fragment")]
    public bool Fragment { get; set; }
}
