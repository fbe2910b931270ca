namespace Engine.Raft;

/// <summary>
/// Everything a <see cref="RawNode"/> wants done, handed out by <see cref="RawNode.Ready"/>. The contract
/// (etcd's), in this order:
/// <list type="number">
/// <item>Persist <see cref="Entries"/>, <see cref="HardState"/> (when not null) and <see cref="Snapshot"/>
/// (when not null) to stable storage, and append them to the log storage; fsync when <see cref="MustSync"/>.</item>
/// <item>Only then send <see cref="Messages"/> (a vote or an acknowledgement must never leave before the state
/// it promises is durable). A MsgSnap message carries the snapshot to stream.</item>
/// <item>Apply <see cref="Snapshot"/> (if any) and then <see cref="CommittedEntries"/> to the state machine, in order;
/// for a ConfChange entry call <see cref="RawNode.ApplyConfChange"/>.</item>
/// <item>Serve <see cref="ReadStates"/> once the applied index reaches each one's Index.</item>
/// <item>Call <see cref="RawNode.Advance"/>, and only then call Ready again.</item>
/// </list>
/// </summary>
public sealed class Ready
{
    /// <summary>Leader and role; null when unchanged since the last Ready.</summary>
    public SoftState? SoftState { get; init; }

    /// <summary>Term, vote and commit to persist; null when unchanged.</summary>
    public HardState? HardState { get; init; }

    /// <summary>Linearizable read indexes answered since the last Ready.</summary>
    public IReadOnlyList<ReadState> ReadStates { get; init; } = [];

    /// <summary>Entries to persist (append) before sending the messages.</summary>
    public IReadOnlyList<Entry> Entries { get; init; } = [];

    /// <summary>A snapshot received from the leader, to persist and restore; null when none.</summary>
    public Snapshot? Snapshot { get; init; }

    /// <summary>Entries known committed, to apply in order (already persisted, or persisted in step 1 of this Ready).</summary>
    public IReadOnlyList<Entry> CommittedEntries { get; init; } = [];

    /// <summary>Messages to send after the persistence of step 1 is durable.</summary>
    public IReadOnlyList<Message> Messages { get; init; } = [];

    /// <summary>True when the hard state's term or vote changed, or there are entries: the write must be fsynced.</summary>
    public bool MustSync { get; init; }

    public bool ContainsUpdates =>
        SoftState is not null || HardState is not null || Snapshot is not null || Entries.Count > 0
        || CommittedEntries.Count > 0 || Messages.Count > 0 || ReadStates.Count > 0;
}
