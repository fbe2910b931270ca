using System.Text.Json.Serialization;

namespace Engine.Server.Entries;

/// <summary>
/// A member publishing its name and client URLs through raft once it has started (etcd's
/// ClusterMemberAttrSetRequest): every member learns them in log order, and a member with a name counts
/// as started for the strict reconfiguration checks.
/// </summary>
public sealed class MemberAttributesChange
{
    [JsonPropertyName("member_ID")]
    public ulong MemberId { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("client_urls")]
    public List<string>? ClientUrls { get; set; }
}
