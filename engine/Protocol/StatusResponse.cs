using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Protocol;

/// <summary>A member's status (etcdserverpb.StatusResponse); JSON names as etcd spells them (dbSize, raftIndex…).</summary>
public sealed class StatusResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    /// <summary>The server's version.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    /// <summary>Size of the db file in bytes.</summary>
    [JsonPropertyName("dbSize")]
    public long DbSize { get; set; }

    /// <summary>Member id of the leader (0 = none).</summary>
    [JsonPropertyName("leader")]
    public ulong Leader { get; set; }

    /// <summary>Committed raft index.</summary>
    [JsonPropertyName("raftIndex")]
    public ulong RaftIndex { get; set; }

    [JsonPropertyName("raftTerm")]
    public ulong RaftTerm { get; set; }

    [JsonPropertyName("raftAppliedIndex")]
    public ulong RaftAppliedIndex { get; set; }

    /// <summary>'etcdserver: no leader' and active alarms as text.</summary>
    [JsonPropertyName("errors")]
    public List<string>? Errors { get; set; }

    /// <summary>File size minus free pages.</summary>
    [JsonPropertyName("dbSizeInUse")]
    public long DbSizeInUse { get; set; }

    [JsonPropertyName("isLearner")]
    public bool IsLearner { get; set; }

    /// <summary>3.6.</summary>
    [JsonPropertyName("storageVersion")]
    public string? StorageVersion { get; set; }

    /// <summary>--quota-backend-bytes (3.6).</summary>
    [JsonPropertyName("dbSizeQuota")]
    public long DbSizeQuota { get; set; }

    /// <summary>3.6.</summary>
    [JsonPropertyName("downgradeInfo")]
    public DowngradeInfo? DowngradeInfo { get; set; }
}
