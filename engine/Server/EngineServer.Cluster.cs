using System.Text.Json;
using Engine.Membership;
using Engine.Protocol;
using Engine.Raft;
using Engine.Server.Raft;

namespace Engine.Server;

/// <summary>The cluster half of the v3 API: member list, and add / remove / update / promote through raft conf changes with etcd's checks.</summary>
public sealed partial class EngineServer
{
    public async ValueTask<Outcome<MemberListResponse>> MemberListAsync(MemberListRequest request, CancellationToken cancel)
    {
        if (request.Linearizable && await LinearizableBarrierAsync(cancel).ConfigureAwait(false) is EtcdError error)
        {
            return error;
        }

        return new MemberListResponse { Header = ClusterHeader(), Members = _members.Members.Select(ToMember).ToList() };
    }

    public async ValueTask<Outcome<MemberAddResponse>> MemberAddAsync(MemberAddRequest request, CancellationToken cancel)
    {
        var urls = request.PeerURLs ?? [];
        if (urls.Count == 0 || urls.Any(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return EtcdErrors.MemberUrlsInvalid;
        }

        var existing = _members.Members;
        if (existing.Any(m => m.PeerUrls.Intersect(urls).Any()))
        {
            return EtcdErrors.PeerUrlExists;
        }

        if (request.IsLearner && existing.Count(m => m.IsLearner) >= 1)
        {
            return EtcdErrors.TooManyLearners;
        }

        if (!request.IsLearner && !ReadyToAddVoter(existing))
        {
            return EtcdErrors.NotEnoughStartedMembers;
        }

        var member = new MemberRecord
        {
            Id = MemberIdentity.ComputeMemberId(urls, Options.InitialClusterToken, DateTimeOffset.UtcNow),
            PeerUrls = [.. urls],
            IsLearner = request.IsLearner,
        };
        var type = request.IsLearner ? ConfChangeType.AddLearnerNode : ConfChangeType.AddNode;
        if (await ProposeConfChangeAsync(type, member.Id, member, cancel).ConfigureAwait(false) is EtcdError failed)
        {
            return failed;
        }

        return new MemberAddResponse { Header = ClusterHeader(), Member = ToMember(member), Members = _members.Members.Select(ToMember).ToList() };
    }

    public async ValueTask<Outcome<MemberRemoveResponse>> MemberRemoveAsync(MemberRemoveRequest request, CancellationToken cancel)
    {
        var existing = _members.Members;
        var target = existing.FirstOrDefault(m => m.Id == request.ID);
        if (target is null)
        {
            return EtcdErrors.MemberNotFound;
        }

        if (!target.IsLearner)
        {
            int voters = existing.Count(m => !m.IsLearner) - 1;
            int started = existing.Count(m => !m.IsLearner && m.Id != target.Id && m.Name is { Length: > 0 });
            if (voters > 0 && started < voters / 2 + 1)
            {
                return EtcdErrors.NotEnoughStartedMembers;
            }
        }

        if (await ProposeConfChangeAsync(ConfChangeType.RemoveNode, request.ID, null, cancel).ConfigureAwait(false) is EtcdError failed)
        {
            return failed;
        }

        return new MemberRemoveResponse { Header = ClusterHeader(), Members = _members.Members.Select(ToMember).ToList() };
    }

    public async ValueTask<Outcome<MemberUpdateResponse>> MemberUpdateAsync(MemberUpdateRequest request, CancellationToken cancel)
    {
        var urls = request.PeerURLs ?? [];
        var existing = _members.Members;
        var target = existing.FirstOrDefault(m => m.Id == request.ID);
        if (target is null)
        {
            return EtcdErrors.MemberNotFound;
        }

        if (urls.Count == 0 || urls.Any(u => !Uri.TryCreate(u, UriKind.Absolute, out _)))
        {
            return EtcdErrors.MemberUrlsInvalid;
        }

        if (existing.Any(m => m.Id != target.Id && m.PeerUrls.Intersect(urls).Any()))
        {
            return EtcdErrors.PeerUrlExists;
        }

        target.PeerUrls = [.. urls];
        if (await ProposeConfChangeAsync(ConfChangeType.UpdateNode, target.Id, target, cancel).ConfigureAwait(false) is EtcdError failed)
        {
            return failed;
        }

        return new MemberUpdateResponse { Header = ClusterHeader(), Members = _members.Members.Select(ToMember).ToList() };
    }

    public async ValueTask<Outcome<MemberPromoteResponse>> MemberPromoteAsync(MemberPromoteRequest request, CancellationToken cancel)
    {
        var target = _members.Find(request.ID);
        if (target is null)
        {
            return EtcdErrors.MemberNotFound;
        }

        if (!target.IsLearner)
        {
            return EtcdErrors.MemberNotLearner;
        }

        if (!IsLeader)
        {
            // Only the leader's raft progress says whether the learner is in sync: let the leader decide (etcd's
            // promoteMemberHTTP), then answer from this member once it has applied the promotion.
            return await ForwardPromoteAsync(target.Id, cancel).ConfigureAwait(false);
        }

        if (!await LearnerCaughtUpAsync(target.Id).ConfigureAwait(false))
        {
            return EtcdErrors.LearnerNotReady;
        }

        if (await ProposeConfChangeAsync(ConfChangeType.AddNode, target.Id, null, cancel).ConfigureAwait(false) is EtcdError failed)
        {
            return failed;
        }

        return new MemberPromoteResponse { Header = ClusterHeader(), Members = _members.Members.Select(ToMember).ToList() };
    }

    private async ValueTask<Outcome<MemberPromoteResponse>> ForwardPromoteAsync(ulong learnerId, CancellationToken cancel)
    {
        if (Unavailable() is EtcdError unavailable)
        {
            return unavailable;
        }

        if (_members.Find(Leader)?.ClientUrls is not { Count: > 0 } leaderUrls)
        {
            // The leader has not published its client URLs through raft yet.
            return EtcdErrors.LeaderChanged;
        }

        if (await LeaderForwarder.PromoteAsync(leaderUrls, learnerId, cancel).ConfigureAwait(false) is EtcdError refused)
        {
            return refused;
        }

        if (await LinearizableBarrierAsync(cancel).ConfigureAwait(false) is EtcdError error)
        {
            return error;
        }

        return new MemberPromoteResponse { Header = ClusterHeader(), Members = _members.Members.Select(ToMember).ToList() };
    }

    /// <summary>etcd's strict reconfiguration check for adding a voter: the started voters must stay a quorum.</summary>
    private static bool ReadyToAddVoter(IReadOnlyList<MemberRecord> members)
    {
        int voters = 1;
        int started = 0;
        foreach (var member in members.Where(m => !m.IsLearner))
        {
            voters++;
            if (member.Name is { Length: > 0 })
            {
                started++;
            }
        }

        return (started == 1 && voters == 2) || started >= voters / 2 + 1;
    }

    /// <summary>A learner may be promoted once its match index is at least 90% of the leader's (etcd's isLearnerReady).</summary>
    private async ValueTask<bool> LearnerCaughtUpAsync(ulong learnerId)
    {
        var done = new TaskCompletionSource<Status>(TaskCreationOptions.RunContinuationsAsynchronously);
        _raft.Enqueue(new RaftInput.QueryStatus(done));
        var status = await done.Task.WaitAsync(RequestTimeout).ConfigureAwait(false);
        if (!status.Progress.TryGetValue(learnerId, out var learner) || !status.Progress.TryGetValue(MemberId, out var leader))
        {
            return false;
        }

        return learner.Match >= leader.Match * 9 / 10;
    }

    private async ValueTask<EtcdError?> ProposeConfChangeAsync(ConfChangeType type, ulong nodeId, MemberRecord? member, CancellationToken cancel)
    {
        if (Unavailable() is EtcdError unavailable)
        {
            return unavailable;
        }

        ulong id = _ids.Next();
        byte[] context = member is null ? [] : JsonSerializer.SerializeToUtf8Bytes(member, MemberRecordJsonContext.Default.MemberRecord);
        var wait = _waits.Register(id);
        _raft.Enqueue(new RaftInput.ProposeConfChange(id, new ConfChange(type, nodeId, context, id)));
        try
        {
            return await wait.WaitAsync(RequestTimeout, cancel).ConfigureAwait(false) as EtcdError;
        }
        catch (TimeoutException)
        {
            _waits.Cancel(id);
            return EtcdErrors.Timeout;
        }
    }

    /// <summary>etcd's cluster RPCs fill cluster id, member id and term but no revision.</summary>
    private ResponseHeader ClusterHeader() => new() { ClusterId = ClusterId, MemberId = MemberId, RaftTerm = _raft.Term };

    private static Member ToMember(MemberRecord record) => new()
    {
        ID = record.Id,
        Name = record.Name,
        PeerURLs = record.PeerUrls,
        ClientURLs = record.ClientUrls,
        IsLearner = record.IsLearner,
    };
}
