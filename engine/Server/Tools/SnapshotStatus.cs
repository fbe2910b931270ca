namespace Engine.Server.Tools;

/// <summary>What <c>engine tool snapshot status</c> reports (etcdutl's fields).</summary>
public sealed record SnapshotStatus(uint Hash, long Revision, long TotalKey, long TotalSize, string Version);
