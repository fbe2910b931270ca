using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Protocol;

/// <summary>The member list after a removal.</summary>
public sealed class MemberRemoveResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("members")]
    public List<Member>? Members { get; set; }
}
