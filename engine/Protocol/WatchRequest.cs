using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>One message of a watch stream; exactly one member is set.</summary>
public sealed class WatchRequest
{
    [JsonPropertyName("create_request")]
    public WatchCreateRequest? CreateRequest { get; set; }

    [JsonPropertyName("cancel_request")]
    public WatchCancelRequest? CancelRequest { get; set; }

    [JsonPropertyName("progress_request")]
    public WatchProgressRequest? ProgressRequest { get; set; }
}
