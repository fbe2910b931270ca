namespace Engine.Raft;

/// <summary>
/// A raft message between nodes (or a local input such as MsgHup). Fields follow etcd's raftpb.Message;
/// which fields are meaningful depends on <see cref="Type"/>. A ReadIndex request context travels in
/// <see cref="Context"/>.
/// </summary>
public sealed class Message
{
    public MessageType Type { get; set; }

    public ulong To { get; set; }

    public ulong From { get; set; }

    public ulong Term { get; set; }

    /// <summary>MsgApp: term of the entry before <see cref="Entries"/>; vote: candidate's last term; rejection: hint term.</summary>
    public ulong LogTerm { get; set; }

    /// <summary>MsgApp: index of the entry before <see cref="Entries"/>; responses: the index acknowledged or rejected.</summary>
    public ulong Index { get; set; }

    public Entry[] Entries { get; set; } = [];

    public ulong Commit { get; set; }

    public Snapshot? Snapshot { get; set; }

    public bool Reject { get; set; }

    public ulong RejectHint { get; set; }

    public ReadOnlyMemory<byte> Context { get; set; }

    /// <summary>A shallow copy (entries and payloads are shared; they are immutable).</summary>
    public Message Clone() => (Message)MemberwiseClone();

    public override string ToString() =>
        $"{Type} {From}->{To} term={Term} logTerm={LogTerm} index={Index} commit={Commit} entries={Entries.Length}" +
        (Reject ? $" reject hint={RejectHint}" : "") + (Snapshot is null ? "" : $" snap={Snapshot.Metadata.Index}");
}
