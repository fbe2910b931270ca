namespace Engine.Membership.Versions;

/// <summary>
/// What the leader's version monitor concluded: the cluster version to propose (null: keep the current
/// one), or why it cannot move (an enabled downgrade whose target no longer fits).
/// </summary>
public sealed record ClusterVersionDecision(SemanticVersion? NewVersion, string? Problem)
{
    public static ClusterVersionDecision Keep { get; } = new(null, null);

    public static ClusterVersionDecision MoveTo(SemanticVersion version) => new(version.MajorMinor, null);

    public static ClusterVersionDecision Refuse(string problem) => new(null, problem);
}
