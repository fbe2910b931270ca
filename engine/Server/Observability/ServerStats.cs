namespace Engine.Server.Observability;

/// <summary>A point-in-time reading of a member's counters for the metrics gauges.</summary>
internal readonly record struct ServerStats(
    ulong MemberId,
    ulong Leader,
    ulong Committed,
    ulong Applied,
    long Pending,
    long QuotaBytes,
    long DbSize,
    long DbSizeInUse,
    long Keys,
    long Watchers,
    IReadOnlyList<ulong> Peers,
    IReadOnlyList<ulong> Removed,
    string ServerVersion,
    string? ClusterVersion);
