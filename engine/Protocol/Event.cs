using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>One change seen by a watcher (mvccpb.Event); Type PUT is the zero value and is omitted in JSON.</summary>
public sealed class Event
{
    [JsonPropertyName("type")]
    public EventType Type { get; set; }

    [JsonPropertyName("kv")]
    public KeyValue? Kv { get; set; }

    [JsonPropertyName("prev_kv")]
    public KeyValue? PrevKv { get; set; }
}
