using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Protocol;

/// <summary>The cluster's members.</summary>
public sealed class MemberListResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("members")]
    public List<Member>? Members { get; set; }
}
