namespace Engine.Raft;

/// <summary>What a log entry carries: application data or a membership change.</summary>
public enum EntryType : byte
{
    /// <summary>Application data (an empty Normal entry is the leader's no-op).</summary>
    Normal = 0,

    /// <summary>An encoded <see cref="ConfChange"/>.</summary>
    ConfChange = 1,
}
