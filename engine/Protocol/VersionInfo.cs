namespace Engine.Protocol;

/// <summary>
/// A member's versions behind <c>GET /version</c>: its server version, the cluster version (null while not
/// decided; etcd prints <c>not_decided</c>) and its storage version (null while not written).
/// </summary>
public sealed record VersionInfo(string Server, string? Cluster, string? Storage);
