using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The header every response carries (etcdserverpb.ResponseHeader).</summary>
public sealed class ResponseHeader
{
    [JsonPropertyName("cluster_id")]
    public ulong ClusterId { get; set; }

    [JsonPropertyName("member_id")]
    public ulong MemberId { get; set; }

    /// <summary>The store's current revision when the request was served.</summary>
    [JsonPropertyName("revision")]
    public long Revision { get; set; }

    [JsonPropertyName("raft_term")]
    public ulong RaftTerm { get; set; }
}
