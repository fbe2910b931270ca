using Engine.Membership.Versions;
using Engine.Protocol;
using Engine.Protocol.Services;
using Engine.Server.Apply;
using Engine.Server.Cluster;
using Engine.Server.Entries;
using Engine.Server.Proposals;
using Engine.Server.Raft;
using Engine.Server.State;

namespace Engine.Server.Maintenance;

/// <summary>etcd's maintenance service: status, defragment, hash, hashkv, alarms, snapshots and health.</summary>
internal sealed class MaintenanceService(MemberStateHolder state, Proposer proposer, ResponseHeaders headers, RaftLoopStatus raft,
    Applier applier, AttributePublisher publisher, MemberVersions versions, ServerOptions options) : IMaintenanceService
{
    private readonly DowngradeHandler _downgrades = new(state, proposer, headers);

    public ValueTask<Outcome<StatusResponse>> StatusAsync(StatusRequest request, CancellationToken cancel)
    {
        var current = state.Current;
        var errors = new List<string>();
        if (proposer.Leader == 0)
        {
            errors.Add(EtcdErrors.NoLeader.Message);
        }

        foreach (var alarm in current.Alarms.Active)
        {
            errors.Add($"memberID:{alarm.MemberID} alarm:{AlarmName(alarm.Alarm)} ");
        }

        var response = new StatusResponse
        {
            Header = headers.Create(),
            Version = versions.LocalVersion.ToString(),
            DbSize = current.Backend.Size,
            DbSizeInUse = current.Backend.SizeInUse,
            Leader = proposer.Leader,
            RaftIndex = raft.CommittedIndex,
            RaftTerm = raft.Term,
            RaftAppliedIndex = applier.AppliedIndex,
            Errors = errors.Count > 0 ? errors : null,
            IsLearner = applier.ConfState.Learners.Contains(proposer.MemberId),
            StorageVersion = current.Versions.StorageVersion?.ToString() ?? "",
            DowngradeInfo = new DowngradeInfo { Enabled = current.Versions.Downgrade.Enabled, TargetVersion = current.Versions.Downgrade.TargetVersion },
            DbSizeQuota = current.Backend.QuotaBytes,
        };
        return ValueTask.FromResult<Outcome<StatusResponse>>(response);
    }

    public async ValueTask<Outcome<DefragmentResponse>> DefragmentAsync(DefragmentRequest request, CancellationToken cancel)
    {
        if (proposer.Unavailable() is EtcdError { } error && error != EtcdErrors.NoLeader)
        {
            return error;
        }

        await state.DbFileGate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var backend = state.Current.Backend;
            await Task.Run(() => backend.Defragment(), cancel).ConfigureAwait(false);
        }
        finally
        {
            state.DbFileGate.Release();
        }

        return new DefragmentResponse(); // etcd answers defragment with an empty message (no header)
    }

    public ValueTask<Outcome<HashResponse>> HashAsync(HashRequest request, CancellationToken cancel)
    {
        var backend = state.Current.Backend;
        backend.ForceCommit();
        return ValueTask.FromResult<Outcome<HashResponse>>(new HashResponse { Header = headers.Create(), Hash = backend.Hash() });
    }

    public ValueTask<Outcome<HashKVResponse>> HashKVAsync(HashKVRequest request, CancellationToken cancel)
    {
        var outcome = state.Current.Kv.HashKv(request.Revision);
        if (outcome.Error is EtcdError error)
        {
            return ValueTask.FromResult<Outcome<HashKVResponse>>(error);
        }

        var value = outcome.Value!;
        return ValueTask.FromResult<Outcome<HashKVResponse>>(new HashKVResponse
        {
            Header = headers.Create(),
            Hash = value.Hash,
            CompactRevision = value.CompactRevision,
            HashRevision = value.HashRevision,
        });
    }

    public async ValueTask<Outcome<AlarmResponse>> AlarmAsync(AlarmRequest request, CancellationToken cancel)
    {
        if (request.Action == AlarmAction.Get)
        {
            var active = state.Current.Alarms.Active.Where(a => (request.MemberID == 0 || a.MemberID == request.MemberID)
                && (request.Alarm == AlarmType.None || a.Alarm == request.Alarm)).ToList();
            return new AlarmResponse { Alarms = active.Count > 0 ? active : null }; // etcd's alarm answers carry no header
        }

        var change = new AlarmChange { Activate = request.Action == AlarmAction.Activate, MemberId = request.MemberID, Alarm = (int)request.Alarm };
        var outcome = await proposer.ProposeAsync<AlarmResponse>(new RaftRequest { Alarm = change }, cancel).ConfigureAwait(false);
        if (outcome.Value is { } value)
        {
            value.Header = null;
            if (value.Alarms is { Count: 0 })
            {
                value.Alarms = null;
            }

            if (!change.Activate && request.Alarm is AlarmType.NoSpace or AlarmType.None)
            {
                state.Current.Backend.DisarmNoSpace();
            }
        }

        return outcome;
    }

    public ValueTask<Outcome<DowngradeResponse>> DowngradeAsync(DowngradeRequest request, CancellationToken cancel) => _downgrades.DowngradeAsync(request, cancel);

    public VersionInfo GetVersions()
    {
        var store = state.Current.Versions;
        return new VersionInfo(versions.LocalVersion.ToString(), store.ClusterVersion?.ToString(), store.StorageVersion?.ToString());
    }

    public ValueTask<Outcome<IDbSnapshot>> OpenSnapshotAsync(CancellationToken cancel)
    {
        string path = Path.Combine(options.DataDir, "member", $"snapshot-{Guid.NewGuid():N}.tmp");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            state.Current.Backend.Snapshot(file);
        }

        return ValueTask.FromResult<Outcome<IDbSnapshot>>(new FileDbSnapshot(path, headers.Create()));
    }

    public ServerHealth GetHealth() => new()
    {
        IsReady = publisher.IsPublished,
        HasLeader = proposer.Leader != 0 && proposer.Unavailable() is null,
        IsLearner = applier.ConfState.Learners.Contains(proposer.MemberId),
        Alarms = state.Current.Alarms.Active,
    };

    private static string AlarmName(AlarmType type) => type switch
    {
        AlarmType.NoSpace => "NOSPACE",
        AlarmType.Corrupt => "CORRUPT",
        _ => "NONE",
    };
}
