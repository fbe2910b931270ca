using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Adds a member (a raft conf change).</summary>
public sealed class MemberAddRequest
{
    [JsonPropertyName("peerURLs")]
    public List<string>? PeerURLs { get; set; }

    [JsonPropertyName("isLearner")]
    public bool IsLearner { get; set; }
}
