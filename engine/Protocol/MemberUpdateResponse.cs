using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Protocol;

/// <summary>The member list after an update.</summary>
public sealed class MemberUpdateResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("members")]
    public List<Member>? Members { get; set; }
}
