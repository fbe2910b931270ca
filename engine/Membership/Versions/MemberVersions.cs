namespace Engine.Membership.Versions;

/// <summary>
/// The server version each member last reported (etcd's GetMembersVersions over the peer <c>/version</c>):
/// the local member's own version plus what peers say about themselves over the peer transport. A member
/// never heard from is unknown (null), which holds back every cluster-version decision. Thread-safe.
/// </summary>
public sealed class MemberVersions
{
    private readonly object _gate = new();
    private readonly Dictionary<ulong, SemanticVersion> _known = [];

    public MemberVersions(ulong localId, SemanticVersion localVersion)
    {
        LocalId = localId;
        LocalVersion = localVersion;
        _known[localId] = localVersion;
    }

    public ulong LocalId { get; }

    public SemanticVersion LocalVersion { get; }

    /// <summary>Records what member <paramref name="id"/> reported; a text that is not a version forgets it.</summary>
    public void Report(ulong id, string? serverVersion)
    {
        if (id == LocalId)
        {
            return;
        }

        lock (_gate)
        {
            if (SemanticVersion.TryParse(serverVersion, out var version))
            {
                _known[id] = version;
            }
            else
            {
                _known.Remove(id);
            }
        }
    }

    /// <summary>Forgets member <paramref name="id"/> (it disconnected or was removed): unknown until it reports again.</summary>
    public void Forget(ulong id)
    {
        if (id == LocalId)
        {
            return;
        }

        lock (_gate)
        {
            _known.Remove(id);
        }
    }

    /// <summary>The last reported version of <paramref name="id"/>, or null.</summary>
    public SemanticVersion? Find(ulong id)
    {
        lock (_gate)
        {
            return _known.TryGetValue(id, out var version) ? version : null;
        }
    }

    /// <summary>The versions of <paramref name="memberIds"/>, in order, null for each unknown one.</summary>
    public IReadOnlyList<SemanticVersion?> Of(IEnumerable<ulong> memberIds)
    {
        lock (_gate)
        {
            return memberIds.Select(id => _known.TryGetValue(id, out var v) ? v : (SemanticVersion?)null).ToList();
        }
    }
}
