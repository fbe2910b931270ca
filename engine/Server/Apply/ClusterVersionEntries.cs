using System.Text.Json;
using Engine.Membership.Versions;
using Engine.Server.Entries;
using Engine.Server.Observability;
using Engine.Server.State;
using Engine.Storage.Schema;

namespace Engine.Server.Apply;

/// <summary>
/// Applying ClusterVersionSet and DowngradeInfoSet (etcd's applierV2 / applier membership requests): both
/// write the <c>cluster</c> bucket inside the entry's write transaction, under the batch lock, so they
/// commit with the entry's consistent index and a replay after a crash never applies them twice.
/// </summary>
internal static class ClusterVersionEntries
{
    /// <summary>True for a request that changes the cluster version or the downgrade job.</summary>
    public static bool Touches(RaftRequest request) => request.ClusterVersion is not null || request.Downgrade is not null;

    /// <summary>Applies <paramref name="request"/>'s version change (caller holds the batch lock); the applied version or job.</summary>
    public static object? ApplyLocked(MemberState state, RaftRequest request)
    {
        var tx = state.Backend.BatchTx;
        if (request.ClusterVersion is { } set)
        {
            if (!SemanticVersion.TryParse(set.Version, out var version))
            {
                throw new InvalidDataException($"ClusterVersionSet carries '{set.Version}', which is not a major.minor.patch version");
            }

            var old = state.Versions.ClusterVersion;
            state.Versions.SetClusterVersionLocked(tx, version);
            Log(old is null ? "set initial cluster version" : "updated cluster version",
                $"\"from\":\"{old?.ClusterText ?? ""}\",\"to\":\"{version.ClusterText}\"");
            return version.ToString();
        }

        var downgrade = request.Downgrade!;
        var record = downgrade.Enabled ? new DowngradeInfoRecord(downgrade.Version, true) : DowngradeRules.Cancelled;
        state.Versions.SetDowngradeLocked(tx, record);
        Log(record.Enabled ? "The server is downgrading" : "The downgrade job is cancelled",
            $"\"target-version\":{JsonSerializer.Serialize(record.TargetVersion, ServerJsonContext.Default.String)}");
        return record;
    }

    private static void Log(string message, string fields) =>
        Console.Error.WriteLine($"{{\"level\":\"info\",\"msg\":{JsonSerializer.Serialize(message, ServerJsonContext.Default.String)},{fields}}}");
}
