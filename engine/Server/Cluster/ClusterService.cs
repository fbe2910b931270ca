using System.Text.Json;
using Engine.Membership;
using Engine.Protocol;
using Engine.Protocol.Services;
using Engine.Raft;
using Engine.Server.Proposals;
using Engine.Server.State;

namespace Engine.Server.Cluster;

/// <summary>etcd's cluster service: member list, and add / remove / update / promote through raft conf changes with etcd's checks.</summary>
internal sealed class ClusterService(MemberStateHolder state, Proposer proposer, ResponseHeaders headers, ServerOptions options) : IClusterService
{
    public async ValueTask<Outcome<MemberListResponse>> MemberListAsync(MemberListRequest request, CancellationToken cancel)
    {
        if (request.Linearizable && await proposer.LinearizableBarrierAsync(cancel).ConfigureAwait(false) is EtcdError error)
        {
            return error;
        }

        return new MemberListResponse { Header = headers.CreateWithoutRevision(), Members = state.Current.Members.Members.Select(ToMember).ToList() };
    }

    public async ValueTask<Outcome<MemberAddResponse>> MemberAddAsync(MemberAddRequest request, CancellationToken cancel)
    {
        var urls = request.PeerURLs ?? [];
        if (urls.Count == 0 || urls.Any(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return EtcdErrors.MemberUrlsInvalid;
        }

        var existing = state.Current.Members.Members;
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
            Id = MemberIdentity.ComputeMemberId(urls, options.InitialClusterToken, DateTimeOffset.UtcNow),
            PeerUrls = [.. urls],
            IsLearner = request.IsLearner,
        };
        var type = request.IsLearner ? ConfChangeType.AddLearnerNode : ConfChangeType.AddNode;
        if (await ProposeConfChangeAsync(type, member.Id, member, cancel).ConfigureAwait(false) is EtcdError failed)
        {
            return failed;
        }

        return new MemberAddResponse { Header = headers.CreateWithoutRevision(), Member = ToMember(member), Members = state.Current.Members.Members.Select(ToMember).ToList() };
    }

    public async ValueTask<Outcome<MemberRemoveResponse>> MemberRemoveAsync(MemberRemoveRequest request, CancellationToken cancel)
    {
        var existing = state.Current.Members.Members;
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

        return new MemberRemoveResponse { Header = headers.CreateWithoutRevision(), Members = state.Current.Members.Members.Select(ToMember).ToList() };
    }

    public async ValueTask<Outcome<MemberUpdateResponse>> MemberUpdateAsync(MemberUpdateRequest request, CancellationToken cancel)
    {
        var urls = request.PeerURLs ?? [];
        var existing = state.Current.Members.Members;
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

        return new MemberUpdateResponse { Header = headers.CreateWithoutRevision(), Members = state.Current.Members.Members.Select(ToMember).ToList() };
    }

    public async ValueTask<Outcome<MemberPromoteResponse>> MemberPromoteAsync(MemberPromoteRequest request, CancellationToken cancel)
    {
        var target = state.Current.Members.Find(request.ID);
        if (target is null)
        {
            return EtcdErrors.MemberNotFound;
        }

        if (!target.IsLearner)
        {
            return EtcdErrors.MemberNotLearner;
        }

        if (!proposer.IsLeader)
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

        return new MemberPromoteResponse { Header = headers.CreateWithoutRevision(), Members = state.Current.Members.Members.Select(ToMember).ToList() };
    }

    private async ValueTask<Outcome<MemberPromoteResponse>> ForwardPromoteAsync(ulong learnerId, CancellationToken cancel)
    {
        if (proposer.Unavailable() is EtcdError unavailable)
        {
            return unavailable;
        }

        if (state.Current.Members.Find(proposer.Leader)?.ClientUrls is not { Count: > 0 } leaderUrls)
        {
            // The leader has not published its client URLs through raft yet.
            return EtcdErrors.LeaderChanged;
        }

        if (await LeaderForwarder.PromoteAsync(leaderUrls, learnerId, cancel).ConfigureAwait(false) is EtcdError refused)
        {
            return refused;
        }

        if (await proposer.LinearizableBarrierAsync(cancel).ConfigureAwait(false) is EtcdError error)
        {
            return error;
        }

        return new MemberPromoteResponse { Header = headers.CreateWithoutRevision(), Members = state.Current.Members.Members.Select(ToMember).ToList() };
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
        var status = await proposer.QueryStatusAsync().ConfigureAwait(false);
        if (!status.Progress.TryGetValue(learnerId, out var learner) || !status.Progress.TryGetValue(proposer.MemberId, out var leader))
        {
            return false;
        }

        return learner.Match >= leader.Match * 9 / 10;
    }

    private ValueTask<EtcdError?> ProposeConfChangeAsync(ConfChangeType type, ulong nodeId, MemberRecord? member, CancellationToken cancel)
    {
        byte[] context = member is null ? [] : JsonSerializer.SerializeToUtf8Bytes(member, MemberRecordJsonContext.Default.MemberRecord);
        return proposer.ProposeConfChangeAsync(type, nodeId, context, cancel);
    }

    private static Member ToMember(MemberRecord record) => new()
    {
        ID = record.Id,
        Name = record.Name,
        PeerURLs = record.PeerUrls,
        ClientURLs = record.ClientUrls,
        IsLearner = record.IsLearner,
    };
}
