using System.Text.Json.Serialization;
using Engine.Mvcc.Protocol;

namespace Engine.Server.Protocol;

/// <summary>The member list after an update.</summary>
public sealed class MemberUpdateResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("members")]
    public List<Member>? Members { get; set; }
}
