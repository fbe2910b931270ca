namespace Engine.Raft;

/// <summary>A cluster configuration: the voting members and the learners (both sorted by id).</summary>
public sealed class ConfState : IEquatable<ConfState>
{
    public ConfState(IEnumerable<ulong> voters, IEnumerable<ulong>? learners = null)
    {
        Voters = voters.Distinct().Order().ToArray();
        Learners = (learners ?? []).Distinct().Order().ToArray();
    }

    /// <summary>An empty configuration (a node that was never bootstrapped).</summary>
    public static ConfState Empty { get; } = new([]);

    public IReadOnlyList<ulong> Voters { get; }

    public IReadOnlyList<ulong> Learners { get; }

    public bool IsEmpty => Voters.Count == 0 && Learners.Count == 0;

    public bool Equals(ConfState? other) =>
        other is not null && Voters.SequenceEqual(other.Voters) && Learners.SequenceEqual(other.Learners);

    public override bool Equals(object? obj) => Equals(obj as ConfState);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (ulong v in Voters) hash.Add(v);
        hash.Add(-1);
        foreach (ulong l in Learners) hash.Add(l);
        return hash.ToHashCode();
    }

    public override string ToString() => $"voters=[{string.Join(",", Voters)}] learners=[{string.Join(",", Learners)}]";
}
