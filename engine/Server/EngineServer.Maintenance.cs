using Engine.Protocol;
using Engine.Server.Apply;

namespace Engine.Server;

/// <summary>The maintenance half of the v3 API: status, defragment, hash, hashkv, alarms, snapshots and health.</summary>
public sealed partial class EngineServer
{
    public ValueTask<Outcome<StatusResponse>> StatusAsync(StatusRequest request, CancellationToken cancel)
    {
        var errors = new List<string>();
        if (Leader == 0)
        {
            errors.Add(EtcdErrors.NoLeader.Message);
        }

        foreach (var alarm in _alarms.Active)
        {
            errors.Add($"memberID:{alarm.MemberID} alarm:{AlarmName(alarm.Alarm)} ");
        }

        var response = new StatusResponse
        {
            Header = Header(),
            Version = BuildInfo.ServerVersion,
            DbSize = _backend.Size,
            DbSizeInUse = _backend.SizeInUse,
            Leader = Leader,
            RaftIndex = _raft.CommittedIndex,
            RaftTerm = _raft.Term,
            RaftAppliedIndex = _applier.AppliedIndex,
            Errors = errors.Count > 0 ? errors : null,
            IsLearner = _applier.ConfState.Learners.Contains(MemberId),
            StorageVersion = BuildInfo.StorageVersion,
            DbSizeQuota = _backend.QuotaBytes,
        };
        return ValueTask.FromResult<Outcome<StatusResponse>>(response);
    }

    public async ValueTask<Outcome<DefragmentResponse>> DefragmentAsync(DefragmentRequest request, CancellationToken cancel)
    {
        if (Unavailable() is EtcdError { } error && error != EtcdErrors.NoLeader)
        {
            return error;
        }

        await _dbFileSwap.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            await Task.Run(() => _backend.Defragment(), cancel).ConfigureAwait(false);
        }
        finally
        {
            _dbFileSwap.Release();
        }

        return new DefragmentResponse(); // etcd answers defragment with an empty message (no header)
    }

    public ValueTask<Outcome<HashResponse>> HashAsync(HashRequest request, CancellationToken cancel)
    {
        _backend.ForceCommit();
        return ValueTask.FromResult<Outcome<HashResponse>>(new HashResponse { Header = Header(), Hash = _backend.Hash() });
    }

    public ValueTask<Outcome<HashKVResponse>> HashKVAsync(HashKVRequest request, CancellationToken cancel)
    {
        var outcome = _kv.HashKv(request.Revision);
        if (outcome.Error is EtcdError error)
        {
            return ValueTask.FromResult<Outcome<HashKVResponse>>(error);
        }

        var value = outcome.Value!;
        return ValueTask.FromResult<Outcome<HashKVResponse>>(new HashKVResponse
        {
            Header = Header(),
            Hash = value.Hash,
            CompactRevision = value.CompactRevision,
            HashRevision = value.HashRevision,
        });
    }

    public async ValueTask<Outcome<AlarmResponse>> AlarmAsync(AlarmRequest request, CancellationToken cancel)
    {
        if (request.Action == AlarmAction.Get)
        {
            var active = _alarms.Active.Where(a => (request.MemberID == 0 || a.MemberID == request.MemberID)
                && (request.Alarm == AlarmType.None || a.Alarm == request.Alarm)).ToList();
            return new AlarmResponse { Alarms = active.Count > 0 ? active : null }; // etcd's alarm answers carry no header
        }

        var change = new AlarmChange { Activate = request.Action == AlarmAction.Activate, MemberId = request.MemberID, Alarm = (int)request.Alarm };
        var outcome = Result<AlarmResponse>(await ProposeAsync(new RaftRequest { Alarm = change }, cancel).ConfigureAwait(false));
        if (outcome.Value is { } value)
        {
            value.Header = null;
            if (value.Alarms is { Count: 0 })
            {
                value.Alarms = null;
            }

            if (!change.Activate && request.Alarm is AlarmType.NoSpace or AlarmType.None)
            {
                _backend.DisarmNoSpace();
            }
        }

        return outcome;
    }

    public ValueTask<Outcome<IDbSnapshot>> OpenSnapshotAsync(CancellationToken cancel)
    {
        string path = Path.Combine(Options.DataDir, "member", $"snapshot-{Guid.NewGuid():N}.tmp");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            _backend.Snapshot(file);
        }

        return ValueTask.FromResult<Outcome<IDbSnapshot>>(new FileDbSnapshot(path, Header()));
    }

    public ServerHealth GetHealth() => new()
    {
        IsReady = _published,
        HasLeader = Leader != 0 && Unavailable() is null,
        IsLearner = _applier.ConfState.Learners.Contains(MemberId),
        Alarms = _alarms.Active,
    };

    private static string AlarmName(AlarmType type) => type switch
    {
        AlarmType.NoSpace => "NOSPACE",
        AlarmType.Corrupt => "CORRUPT",
        _ => "NONE",
    };

    /// <summary>A db copy taken under one read transaction into a temp file, streamed then deleted.</summary>
    private sealed class FileDbSnapshot(string path, ResponseHeader header) : IDbSnapshot
    {
        public ResponseHeader? Header { get; } = header;

        public long Size { get; } = new FileInfo(path).Length;

        public async ValueTask WriteToAsync(Stream destination, CancellationToken cancel)
        {
            await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await source.CopyToAsync(destination, 1 << 15, cancel).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync()
        {
            File.Delete(path);
            return ValueTask.CompletedTask;
        }
    }
}
