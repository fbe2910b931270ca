using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Server.Entries;

/// <summary>
/// What a normal raft entry carries: the proposer's request id (so the apply loop can wake it) and
/// exactly one state-machine request (etcd's InternalRaftRequest).
/// </summary>
public sealed class RaftRequest
{
    [JsonPropertyName("id")]
    public ulong Id { get; set; }

    [JsonPropertyName("put")]
    public PutRequest? Put { get; set; }

    [JsonPropertyName("delete_range")]
    public DeleteRangeRequest? DeleteRange { get; set; }

    [JsonPropertyName("txn")]
    public TxnRequest? Txn { get; set; }

    [JsonPropertyName("compaction")]
    public CompactionRequest? Compaction { get; set; }

    [JsonPropertyName("lease_grant")]
    public LeaseGrantRequest? LeaseGrant { get; set; }

    [JsonPropertyName("lease_revoke")]
    public LeaseRevokeRequest? LeaseRevoke { get; set; }

    /// <summary>A lease checkpoint (remaining TTL) decided by the leader: lease id → remaining seconds.</summary>
    [JsonPropertyName("lease_checkpoint")]
    public LeaseCheckpointRequest? LeaseCheckpoint { get; set; }

    /// <summary>Alarm activation/deactivation (NOSPACE, CORRUPT), replicated so every member agrees.</summary>
    [JsonPropertyName("alarm")]
    public AlarmChange? Alarm { get; set; }

    /// <summary>A started member's name and client URLs (etcd's ClusterMemberAttrSet).</summary>
    [JsonPropertyName("member_attr_set")]
    public MemberAttributesChange? MemberAttributes { get; set; }

    /// <summary>The cluster version the leader decided (etcd's ClusterVersionSet).</summary>
    [JsonPropertyName("cluster_version_set")]
    public ClusterVersionSet? ClusterVersion { get; set; }

    /// <summary>The downgrade job enabled or cancelled (etcd's DowngradeInfoSet).</summary>
    [JsonPropertyName("downgrade_info_set")]
    public DowngradeInfoSet? Downgrade { get; set; }
}
