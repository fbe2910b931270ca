namespace Engine.Server.Recovery;

/// <summary>What a restore produced: the new ids, the raft point the member starts at and the latest revision.</summary>
public sealed record RestoreResult(string DataDir, ulong MemberId, ulong ClusterId, ulong Index, ulong Term, long LatestRevision, int MemberCount);
