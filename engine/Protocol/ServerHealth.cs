namespace Engine.Protocol;

/// <summary>
/// A member's health for <c>/health</c>, <c>/livez</c> and <c>/readyz</c> (etcd's etcdhttp rules):
/// /health is false before the member is ready, with no leader (unless <c>?serializable=true</c>) or any alarm not excluded;
/// /readyz fails <c>data_corruption</c> on a CORRUPT alarm and <c>non_learner</c> on a learner.
/// </summary>
public sealed class ServerHealth
{
    /// <summary>
    /// This member has published its name and client URLs through raft (etcd's ReadyNotify: etcd serves no
    /// client request before it); until then /health is false with "server not ready".
    /// </summary>
    public bool IsReady { get; init; } = true;

    /// <summary>This member knows a leader.</summary>
    public bool HasLeader { get; init; }

    /// <summary>This member is a learner (fails /readyz's non_learner check).</summary>
    public bool IsLearner { get; init; }

    /// <summary>Alarms currently active in the cluster.</summary>
    public IReadOnlyList<AlarmMember> Alarms { get; init; } = [];
}
