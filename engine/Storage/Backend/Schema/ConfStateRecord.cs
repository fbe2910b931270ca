namespace Engine.Storage.Schema;

/// <summary>
/// The raft membership configuration as stored under meta <c>confState</c> (raftpb.ConfState's fields).
/// Kept here, not in Raft, so the schema layer does not depend on the raft layer.
/// </summary>
public sealed record ConfStateRecord(
    IReadOnlyList<ulong> Voters,
    IReadOnlyList<ulong> Learners,
    IReadOnlyList<ulong> VotersOutgoing,
    IReadOnlyList<ulong> LearnersNext,
    bool AutoLeave)
{
    /// <summary>True when both lists hold the same ids in the same order and the flags agree.</summary>
    public bool SameAs(ConfStateRecord other) =>
        Voters.SequenceEqual(other.Voters) && Learners.SequenceEqual(other.Learners) &&
        VotersOutgoing.SequenceEqual(other.VotersOutgoing) && LearnersNext.SequenceEqual(other.LearnersNext) &&
        AutoLeave == other.AutoLeave;
}
