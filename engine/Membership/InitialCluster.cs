namespace Engine.Membership;

/// <summary>
/// The parsed <c>--initial-cluster</c> flag (<c>name=url,name=url2,other=url3</c>): member names with
/// their peer URLs, in flag order. A name may appear more than once to give one member several URLs.
/// </summary>
public sealed class InitialCluster
{
    private InitialCluster(IReadOnlyList<(string Name, IReadOnlyList<string> PeerUrls)> members)
    {
        Members = members;
    }

    public IReadOnlyList<(string Name, IReadOnlyList<string> PeerUrls)> Members { get; }

    /// <summary>Parses the flag; returns null and an error text when it is malformed.</summary>
    public static InitialCluster? TryParse(string text, out string? error)
    {
        var order = new List<string>();
        var urls = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
            {
                error = $"invalid --initial-cluster entry '{part}': expected name=url";
                return null;
            }

            string name = part[..eq];
            string url = part[(eq + 1)..];
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                error = $"invalid peer URL '{url}' in --initial-cluster";
                return null;
            }

            if (!urls.TryGetValue(name, out var list))
            {
                order.Add(name);
                urls[name] = list = [];
            }

            list.Add(url);
        }

        if (order.Count == 0)
        {
            error = "--initial-cluster is empty";
            return null;
        }

        error = null;
        return new InitialCluster(order.Select(n => (n, (IReadOnlyList<string>)urls[n])).ToList());
    }

    /// <summary>Member ids of the initial members (etcd's derivation with the cluster token).</summary>
    public IReadOnlyList<(string Name, ulong Id, IReadOnlyList<string> PeerUrls)> WithIds(string clusterToken) =>
        Members.Select(m => (m.Name, MemberIdentity.ComputeMemberId(m.PeerUrls, clusterToken), m.PeerUrls)).ToList();
}
