using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Changes a member's peer URLs.</summary>
public sealed class MemberUpdateRequest
{
    [JsonPropertyName("ID")]
    public ulong ID { get; set; }

    [JsonPropertyName("peerURLs")]
    public List<string>? PeerURLs { get; set; }
}
