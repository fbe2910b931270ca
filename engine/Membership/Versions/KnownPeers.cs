namespace Engine.Membership.Versions;

/// <summary>
/// The series of etcd's <c>etcd_network_known_peers{Local,Remote}</c> gauge (#13412, membership/metrics.go):
/// one per current member, the local one included, at 1; one per removed member at 0 (a removed
/// member's series stays, at 0). Ids are etcd's hex without leading zeros.
/// </summary>
public static class KnownPeers
{
    /// <summary>One gauge series: the local member id, the peer id (both hex) and the value.</summary>
    public readonly record struct Series(string Local, string Remote, double Value);

    /// <summary>The series for <paramref name="localId"/> (none while the local id is not known, 0).</summary>
    public static IReadOnlyList<Series> Build(ulong localId, IEnumerable<ulong> memberIds, IEnumerable<ulong> removedIds)
    {
        if (localId == 0)
        {
            return [];
        }

        string local = MemberIdentity.ToHex(localId);
        var series = new List<Series>();
        foreach (ulong id in memberIds.Order())
        {
            series.Add(new Series(local, MemberIdentity.ToHex(id), 1));
        }

        foreach (ulong id in removedIds.Order())
        {
            series.Add(new Series(local, MemberIdentity.ToHex(id), 0));
        }

        return series;
    }
}
