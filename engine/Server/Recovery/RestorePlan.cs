using Engine.Membership;
using Engine.Raft;

namespace Engine.Server.Recovery;

/// <summary>
/// What a restore writes, computed from the flags alone (no I/O): the new members with ids derived from
/// the token and peer URLs exactly as bootstrap derives them, the cluster id, and the raft point the
/// member starts at — index = number of members, term 1, every member a voter (etcd's restore: the
/// bootstrap conf changes are deemed applied, so the restored db and an empty log start there).
/// </summary>
public sealed record RestorePlan(IReadOnlyList<MemberRecord> Members, ulong MemberId, ulong ClusterId, ulong Index, ulong Term, ConfState ConfState)
{
    /// <summary>Validates the flags and derives the plan; an <see cref="ArgumentException"/> names the first bad flag.</summary>
    public static RestorePlan Create(RestoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            throw new ArgumentException("--name must not be empty");
        }

        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            throw new ArgumentException("--data-dir must not be empty");
        }

        if (options.BumpRevision < 0)
        {
            throw new ArgumentException($"--bump-revision must not be negative (got {options.BumpRevision})");
        }

        if (options.MarkCompacted && options.BumpRevision == 0)
        {
            throw new ArgumentException("--mark-compacted can only be used with --bump-revision");
        }

        var cluster = InitialCluster.TryParse(options.EffectiveInitialCluster, out string? error) ?? throw new ArgumentException(error);
        var members = cluster.WithIds(options.InitialClusterToken);
        RequireDistinctUrls(members);
        var self = members.FirstOrDefault(m => m.Name == options.Name);
        if (self.Name is null)
        {
            throw new ArgumentException($"--initial-cluster has no member named '{options.Name}'");
        }

        var advertised = options.InitialAdvertisePeerUrls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Order(StringComparer.Ordinal).ToList();
        if (!advertised.SequenceEqual(self.PeerUrls.Order(StringComparer.Ordinal)))
        {
            throw new ArgumentException(
                $"--initial-cluster has {options.Name}={string.Join(",", self.PeerUrls)} but --initial-advertise-peer-urls is '{options.InitialAdvertisePeerUrls}': they must match");
        }

        var records = members.Select(m => new MemberRecord { Id = m.Id, Name = m.Name, PeerUrls = [.. m.PeerUrls] }).ToList();
        ulong clusterId = MemberIdentity.ComputeClusterId(members.Select(m => m.Id));
        return new RestorePlan(records, self.Id, clusterId, (ulong)records.Count, 1, new ConfState(members.Select(m => m.Id)));
    }

    private static void RequireDistinctUrls(IReadOnlyList<(string Name, ulong Id, IReadOnlyList<string> PeerUrls)> members)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            foreach (string url in member.PeerUrls)
            {
                if (!seen.Add(url))
                {
                    throw new ArgumentException($"--initial-cluster names peer URL {url} more than once");
                }
            }
        }
    }
}
