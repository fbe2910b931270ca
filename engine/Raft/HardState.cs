namespace Engine.Raft;

/// <summary>The state a node must persist before it sends the messages of a Ready: current term, vote and commit index.</summary>
public readonly record struct HardState(ulong Term, ulong Vote, ulong Commit)
{
    /// <summary>The hard state of a node that has never run.</summary>
    public static HardState Empty => default;

    /// <summary>True when nothing has been recorded.</summary>
    public bool IsEmpty => Term == 0 && Vote == 0 && Commit == 0;
}
