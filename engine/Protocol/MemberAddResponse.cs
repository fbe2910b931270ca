using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Protocol;

/// <summary>The added member and the new member list.</summary>
public sealed class MemberAddResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("member")]
    public Member? Member { get; set; }

    [JsonPropertyName("members")]
    public List<Member>? Members { get; set; }
}
