using System.Text.Json.Serialization;
using Engine.Mvcc.Protocol;

namespace Engine.Server.Protocol;

/// <summary>The cluster's members.</summary>
public sealed class MemberListResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("members")]
    public List<Member>? Members { get; set; }
}
