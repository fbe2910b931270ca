using System.Text.Json.Serialization;
using Engine.Mvcc.Protocol;

namespace Engine.Server.Protocol;

/// <summary>The member list after a promotion.</summary>
public sealed class MemberPromoteResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("members")]
    public List<Member>? Members { get; set; }
}
