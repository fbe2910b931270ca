using Engine.Protocol;
using Engine.Server;
using Engine.Server.Maintenance;

namespace Engine.Api.Tests.Fakes;

/// <summary>
/// An in-memory test double of <see cref="IEtcdServer"/>: one member, etcd's KV/txn/lease/watch rules
/// on a <see cref="FakeStore"/>, settable health. Only for driving the HTTP layer and the CLI in tests.
/// </summary>
public sealed class FakeEtcdServer : IEtcdServer
{
    public const ulong ClusterId = 0xcdf818194e3a8c32;
    public const ulong MemberId = 0x8e9e05c52164694d;
    public const ulong Term = 2;

    private readonly object _gate = new();
    private readonly Dictionary<long, (long Granted, DateTime Expires)> _leases = [];
    private readonly List<AlarmMember> _alarms = [];
    private long _nextLease = 0x694d7a1b2c3d0001;

    public FakeEtcdServer(ServerOptions? options = null)
    {
        Options = options ?? new ServerOptions();
    }

    public ServerOptions Options { get; }

    public FakeStore Store { get; } = new();

    public bool HasLeader { get; set; } = true;

    /// <summary>False: the member has not published itself through raft yet (etcd serves nothing before).</summary>
    public bool IsReady { get; set; } = true;

    /// <summary>When set, every call fails with it (e.g. NoLeader).</summary>
    public EtcdError? FailEverything { get; set; }

    /// <summary>When set, every call throws it (exception-handling tests).</summary>
    public Exception? ThrowEverything { get; set; }

    /// <summary>The snapshot bytes served by <see cref="OpenSnapshotAsync"/>.</summary>
    public byte[] SnapshotBytes { get; set; } = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();

    public int Defragmentations { get; private set; }

    internal object Gate => _gate;

    /// <summary>Watch streams not yet disposed.</summary>
    public List<FakeWatchStream> OpenStreams { get; } = [];

    public ResponseHeader Header() => new() { ClusterId = ClusterId, MemberId = MemberId, Revision = Store.Revision, RaftTerm = Term };

    public ValueTask<Outcome<RangeResponse>> RangeAsync(RangeRequest request, CancellationToken cancel) =>
        Run(() => Range(request));

    public ValueTask<Outcome<PutResponse>> PutAsync(PutRequest request, CancellationToken cancel) =>
        Run(() => Write((txn, header) => Put(txn, request, header)));

    public ValueTask<Outcome<DeleteRangeResponse>> DeleteRangeAsync(DeleteRangeRequest request, CancellationToken cancel) =>
        Run(() => Write((txn, header) => Outcome<DeleteRangeResponse>.Ok(FakeKv.Delete(txn, request, header))));

    public ValueTask<Outcome<TxnResponse>> TxnAsync(TxnRequest request, CancellationToken cancel) =>
        Run(() => Write((txn, header) => FakeKv.Txn(Store, txn, request, header)));

    public ValueTask<Outcome<CompactionResponse>> CompactAsync(CompactionRequest request, CancellationToken cancel) =>
        Run(() => Store.Compact(request.Revision) is { } error ? error : Outcome<CompactionResponse>.Ok(new CompactionResponse { Header = Header() }));

    public ValueTask<Outcome<LeaseGrantResponse>> LeaseGrantAsync(LeaseGrantRequest request, CancellationToken cancel) => Run(() =>
    {
        if (request.TTL > 9_000_000_000)
        {
            return EtcdErrors.LeaseTtlTooLarge;
        }

        long id = request.ID != 0 ? request.ID : _nextLease++;
        if (_leases.ContainsKey(id))
        {
            return EtcdErrors.LeaseExists;
        }

        long ttl = Math.Max(request.TTL, 2);
        _leases[id] = (ttl, DateTime.UtcNow.AddSeconds(ttl));
        return Outcome<LeaseGrantResponse>.Ok(new LeaseGrantResponse { Header = Header(), ID = id, TTL = ttl });
    });

    public ValueTask<Outcome<LeaseRevokeResponse>> LeaseRevokeAsync(LeaseRevokeRequest request, CancellationToken cancel) => Run(() =>
    {
        if (!_leases.Remove(request.ID))
        {
            return EtcdErrors.LeaseNotFound;
        }

        Store.Write(txn =>
        {
            foreach (KeyValue kv in txn.State.Values.Where(kv => kv.Lease == request.ID).ToList())
            {
                txn.Delete(kv.Key!, null);
            }

            return 0;
        });
        return Outcome<LeaseRevokeResponse>.Ok(new LeaseRevokeResponse { Header = Header() });
    });

    public ValueTask<Outcome<LeaseKeepAliveResponse>> LeaseKeepAliveAsync(LeaseKeepAliveRequest request, CancellationToken cancel) => Run(() =>
    {
        if (!_leases.TryGetValue(request.ID, out var lease))
        {
            return Outcome<LeaseKeepAliveResponse>.Ok(new LeaseKeepAliveResponse { Header = Header(), ID = request.ID });
        }

        _leases[request.ID] = (lease.Granted, DateTime.UtcNow.AddSeconds(lease.Granted));
        return Outcome<LeaseKeepAliveResponse>.Ok(new LeaseKeepAliveResponse { Header = Header(), ID = request.ID, TTL = lease.Granted });
    });

    public ValueTask<Outcome<LeaseTimeToLiveResponse>> LeaseTimeToLiveAsync(LeaseTimeToLiveRequest request, CancellationToken cancel) => Run(() =>
    {
        if (!_leases.TryGetValue(request.ID, out var lease))
        {
            return Outcome<LeaseTimeToLiveResponse>.Ok(new LeaseTimeToLiveResponse { Header = Header(), ID = request.ID, TTL = -1 });
        }

        var response = new LeaseTimeToLiveResponse
        {
            Header = Header(),
            ID = request.ID,
            TTL = Math.Max(0, (long)Math.Ceiling((lease.Expires - DateTime.UtcNow).TotalSeconds)),
            GrantedTTL = lease.Granted,
        };
        if (request.Keys)
        {
            response.Keys = Store.StateAt(Store.Revision).Values.Where(kv => kv.Lease == request.ID).Select(kv => kv.Key!).ToList();
        }

        return Outcome<LeaseTimeToLiveResponse>.Ok(response);
    });

    public ValueTask<Outcome<LeaseLeasesResponse>> LeaseLeasesAsync(LeaseLeasesRequest request, CancellationToken cancel) =>
        Run(() => Outcome<LeaseLeasesResponse>.Ok(new LeaseLeasesResponse
        {
            Header = Header(),
            Leases = _leases.Keys.Order().Select(id => new LeaseStatus { ID = id }).ToList(),
        }));

    public ValueTask<Outcome<MemberListResponse>> MemberListAsync(MemberListRequest request, CancellationToken cancel) =>
        Run(() => Outcome<MemberListResponse>.Ok(new MemberListResponse { Header = Header(), Members = [Self()] }));

    public ValueTask<Outcome<MemberAddResponse>> MemberAddAsync(MemberAddRequest request, CancellationToken cancel) =>
        Run(() => Outcome<MemberAddResponse>.Fail(EtcdErrors.NotEnoughStartedMembers));

    public ValueTask<Outcome<MemberRemoveResponse>> MemberRemoveAsync(MemberRemoveRequest request, CancellationToken cancel) =>
        Run(() => Outcome<MemberRemoveResponse>.Fail(EtcdErrors.MemberNotFound));

    public ValueTask<Outcome<MemberUpdateResponse>> MemberUpdateAsync(MemberUpdateRequest request, CancellationToken cancel) =>
        Run(() => Outcome<MemberUpdateResponse>.Fail(EtcdErrors.MemberNotFound));

    public ValueTask<Outcome<MemberPromoteResponse>> MemberPromoteAsync(MemberPromoteRequest request, CancellationToken cancel) =>
        Run(() => Outcome<MemberPromoteResponse>.Fail(EtcdErrors.MemberNotLearner));

    public ValueTask<Outcome<StatusResponse>> StatusAsync(StatusRequest request, CancellationToken cancel) => Run(() =>
    {
        var errors = new List<string>();
        if (!HasLeader)
        {
            errors.Add("etcdserver: no leader");
        }

        errors.AddRange(_alarms.Select(a => $"memberID:{a.MemberID} alarm:{a.Alarm.ToString().ToUpperInvariant()} "));
        return Outcome<StatusResponse>.Ok(new StatusResponse
        {
            Header = Header(),
            Version = BuildInfo.ServerVersion,
            DbSize = 24576,
            DbSizeInUse = 16384,
            Leader = HasLeader ? MemberId : 0,
            RaftIndex = (ulong)Store.Revision + 3,
            RaftTerm = Term,
            RaftAppliedIndex = (ulong)Store.Revision + 3,
            Errors = errors,
            StorageVersion = BuildInfo.StorageVersion,
            DbSizeQuota = Options.QuotaBackendBytes,
        });
    });

    public ValueTask<Outcome<DefragmentResponse>> DefragmentAsync(DefragmentRequest request, CancellationToken cancel) => Run(() =>
    {
        Defragmentations++;
        return Outcome<DefragmentResponse>.Ok(new DefragmentResponse { Header = Header() });
    });

    public ValueTask<Outcome<HashResponse>> HashAsync(HashRequest request, CancellationToken cancel) =>
        Run(() => Outcome<HashResponse>.Ok(new HashResponse { Header = Header(), Hash = (uint)(Store.Revision * 2654435761) }));

    public ValueTask<Outcome<HashKVResponse>> HashKVAsync(HashKVRequest request, CancellationToken cancel) => Run(() =>
    {
        long revision = request.Revision == 0 ? Store.Revision : request.Revision;
        if (revision > Store.Revision)
        {
            return EtcdErrors.FutureRevision;
        }

        return Outcome<HashKVResponse>.Ok(new HashKVResponse
        {
            Header = Header(),
            Hash = (uint)(revision * 40503) ^ 0xdeadbeef,
            CompactRevision = Store.CompactRevision,
            HashRevision = revision,
        });
    });

    public ValueTask<Outcome<AlarmResponse>> AlarmAsync(AlarmRequest request, CancellationToken cancel) => Run(() =>
    {
        if (request.Action == AlarmAction.Activate && request.Alarm != AlarmType.None)
        {
            _alarms.Add(new AlarmMember { MemberID = request.MemberID == 0 ? MemberId : request.MemberID, Alarm = request.Alarm });
        }
        else if (request.Action == AlarmAction.Deactivate)
        {
            _alarms.RemoveAll(a => (request.MemberID == 0 || a.MemberID == request.MemberID) && (request.Alarm == AlarmType.None || a.Alarm == request.Alarm));
        }

        return Outcome<AlarmResponse>.Ok(new AlarmResponse { Header = Header(), Alarms = [.. _alarms] });
    });

    /// <summary>The cluster version the fake reports (major.minor.0) and its downgrade job, judged by the real rules.</summary>
    public Engine.Membership.Versions.SemanticVersion ClusterVersion { get; set; } = new(3, 6, 0);

    public Engine.Storage.Schema.DowngradeInfoRecord DowngradeJob { get; set; } = new("", false);

    public ValueTask<Outcome<DowngradeResponse>> DowngradeAsync(DowngradeRequest request, CancellationToken cancel) => Run(() =>
    {
        var target = default(Engine.Membership.Versions.SemanticVersion);
        EtcdError? error = request.Action == DowngradeAction.Cancel
            ? Engine.Membership.Versions.DowngradeRules.ValidateCancel(DowngradeJob)
            : Engine.Membership.Versions.DowngradeRules.ParseTarget(request.Version, out target)
                ?? Engine.Membership.Versions.DowngradeRules.Validate(ClusterVersion, DowngradeJob, target);
        if (error is not null)
        {
            return error;
        }

        if (request.Action == DowngradeAction.Enable)
        {
            DowngradeJob = Engine.Membership.Versions.DowngradeRules.Enabled(target);
        }
        else if (request.Action == DowngradeAction.Cancel)
        {
            DowngradeJob = Engine.Membership.Versions.DowngradeRules.Cancelled;
        }

        return Outcome<DowngradeResponse>.Ok(new DowngradeResponse { Header = Header(), Version = ClusterVersion.ClusterText });
    });

    public VersionInfo GetVersions() => new(BuildInfo.ServerVersion, ClusterVersion.ToString(), BuildInfo.StorageVersion);

    public ValueTask<Outcome<IDbSnapshot>> OpenSnapshotAsync(CancellationToken cancel) =>
        Run(() => Outcome<IDbSnapshot>.Ok(new FakeSnapshot(SnapshotBytes, Header())));

    /// <summary>When set, <see cref="OpenWatchStream"/> throws (a server that cannot watch).</summary>
    public bool ThrowOnOpenWatch { get; set; }

    public IWatchStream OpenWatchStream() => ThrowOnOpenWatch ? throw new InvalidOperationException("cannot watch") : new FakeWatchStream(this);

    public ServerHealth GetHealth()
    {
        lock (_gate)
        {
            return new ServerHealth { IsReady = IsReady, HasLeader = HasLeader, Alarms = [.. _alarms] };
        }
    }

    private ValueTask<Outcome<T>> Run<T>(Func<Outcome<T>> body)
        where T : class
    {
        if (ThrowEverything is { } exception)
        {
            throw exception;
        }

        lock (_gate)
        {
            return ValueTask.FromResult(FailEverything is { } error ? Outcome<T>.Fail(error) : body());
        }
    }

    private Member Self() => new()
    {
        ID = MemberId,
        Name = Options.Name,
        PeerURLs = [Options.InitialAdvertisePeerUrls],
        ClientURLs = [Options.AdvertiseClientUrls],
    };

    private Outcome<RangeResponse> Range(RangeRequest request) =>
        FakeKv.Range(Store, null, request, Header);

    /// <summary>Runs a write; every header made during it reports the revision after the commit.</summary>
    private Outcome<T> Write<T>(Func<FakeStore.WriteTxn, Func<ResponseHeader>, Outcome<T>> body)
        where T : class
    {
        var headers = new List<ResponseHeader>();
        Outcome<T> result = Store.Write(txn => body(txn, () =>
        {
            ResponseHeader header = Header();
            headers.Add(header);
            return header;
        }));
        foreach (ResponseHeader header in headers)
        {
            header.Revision = Store.Revision;
        }

        return result;
    }

    private Outcome<PutResponse> Put(FakeStore.WriteTxn txn, PutRequest request, Func<ResponseHeader> header)
    {
        if (request.Lease != 0 && !_leases.ContainsKey(request.Lease))
        {
            return EtcdErrors.LeaseNotFound;
        }

        return FakeKv.Put(txn, request, header);
    }
}
