using System.Text.Json.Serialization;

namespace Engine.Membership;

/// <summary>One cluster member as stored in the members bucket (etcd's membership.Member JSON).</summary>
public sealed class MemberRecord
{
    [JsonPropertyName("id")]
    public ulong Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("peerURLs")]
    public List<string> PeerUrls { get; set; } = [];

    [JsonPropertyName("clientURLs")]
    public List<string>? ClientUrls { get; set; }

    [JsonPropertyName("isLearner")]
    public bool IsLearner { get; set; }

    public MemberRecord Clone() => new()
    {
        Id = Id,
        Name = Name,
        PeerUrls = [.. PeerUrls],
        ClientUrls = ClientUrls is null ? null : [.. ClientUrls],
        IsLearner = IsLearner,
    };
}
