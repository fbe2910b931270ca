using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>One cluster member (etcdserverpb.Member).</summary>
public sealed class Member
{
    [JsonPropertyName("ID")]
    public ulong ID { get; set; }

    /// <summary>Empty until the member has started and published itself.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("peerURLs")]
    public List<string>? PeerURLs { get; set; }

    [JsonPropertyName("clientURLs")]
    public List<string>? ClientURLs { get; set; }

    [JsonPropertyName("isLearner")]
    public bool IsLearner { get; set; }
}
