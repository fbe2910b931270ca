using Engine.Raft;

namespace Engine.Server.Raft;

/// <summary>Work handed to the raft loop thread, the only thread that touches the <see cref="RawNode"/>.</summary>
internal abstract record RaftInput
{
    /// <summary>Propose a normal entry; <see cref="RequestId"/> is woken with <c>EtcdErrors.NoLeader</c> when raft drops it.</summary>
    public sealed record Propose(ulong RequestId, byte[] Data) : RaftInput;

    /// <summary>Propose a membership change.</summary>
    public sealed record ProposeConfChange(ulong RequestId, ConfChange Change) : RaftInput;

    /// <summary>Apply a committed conf change to raft's configuration (called by the apply loop).</summary>
    public sealed record ApplyConfChange(ConfChange Change, TaskCompletionSource<ConfState> Done) : RaftInput;

    /// <summary>
    /// Start a ReadIndex round: <see cref="Seal"/> closes the batch of reads collected so far and returns its
    /// context (null when another input already sealed it), so every read in the round began before raft saw it.
    /// </summary>
    public sealed record ReadIndex(Func<byte[]?> Seal) : RaftInput;

    /// <summary>A message from a peer.</summary>
    public sealed record Step(Message Message) : RaftInput;

    /// <summary>Record a snapshot at the applied index: compact raft's log, write the WAL marker, release old segments.</summary>
    public sealed record Snapshot(ulong Index, ulong Term, ConfState ConfState, TaskCompletionSource Done) : RaftInput;

    /// <summary>After a snapshot's marker is recorded in the db: drop raft log entries below CompactIndex and WAL segments wholly below WalIndex.</summary>
    public sealed record ReleaseLog(ulong CompactIndex, ulong WalIndex) : RaftInput;

    /// <summary>Read raft's status (progress of every peer) on the raft thread.</summary>
    public sealed record QueryStatus(TaskCompletionSource<Status> Done) : RaftInput;

    /// <summary>Hand leadership to another voter.</summary>
    public sealed record TransferLeadership(ulong Target) : RaftInput;
}
