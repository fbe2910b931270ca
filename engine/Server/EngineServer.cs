using System.Text.Json;
using Engine.Common.IO;
using Engine.Membership;
using Engine.Mvcc;
using Engine.Mvcc.Lease;
using Engine.Protocol;
using Engine.Raft;
using Engine.Server.Apply;
using Engine.Server.Raft;
using Engine.Server.Reads;
using Engine.Server.Storage;
using Engine.Storage.Backend;
using Engine.Wal;

namespace Engine.Server;

/// <summary>
/// One member: the composition root where raft meets disk. It opens the db (whose consistent index
/// says where the state is), replays the WAL from the newest snapshot record into raft's log, starts
/// the raft loop and the apply loop, and serves etcd's v3 API (<see cref="IEtcdServer"/>). Data layout
/// as etcd's: <c>&lt;data-dir&gt;/member/snap/db</c>, <c>member/snap/*.snap</c>, <c>member/wal/</c>.
/// </summary>
public sealed partial class EngineServer : IEtcdServer, IRaftLoopHandler, IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(7);
    private const ulong MaxGapBetweenApplyAndCommit = 5000;
    private const int InlineApplyLimit = 4;

    private readonly IFileSystem _fs;
    // Replaced together when a leader's snapshot is installed (EngineServer.Snapshot.cs).
    private volatile Backend _backend;
    private volatile KvStore _kv;
    private volatile Engine.Mvcc.Watch.WatchableStore _watchable;
    private volatile Lessor _lessor;
    private readonly object _lessorGate = new();
    private volatile MemberRegistry _members;
    private volatile AlarmStore _alarms;
    private readonly WriteAheadLog _wal;
    private readonly RaftLoop _raft;
    private readonly Transport.PeerTransport? _transport;
    private readonly Applier _applier;
    private readonly WaitRegistry _waits = new();
    private readonly AppliedIndexWaiters _appliedWaiters;
    private readonly ReadIndexBatcher _reads;
    private readonly IdGenerator _ids;
    private readonly SnapshotRecordStore _snapshots;
    private readonly string _snapDir;
    private readonly Timer _leaseTimer;
    private volatile bool _stopped;
    private ulong _leader;
    private Exception? _fatal;

    private EngineServer(ServerOptions options, IFileSystem fs, ServerParts parts)
    {
        Options = options;
        _fs = fs;
        MemberId = parts.MemberId;
        ClusterId = parts.ClusterId;
        _backend = parts.Backend;
        _kv = parts.Kv;
        _watchable = new Engine.Mvcc.Watch.WatchableStore(_kv, new Engine.Mvcc.Watch.WatchOptions { MaxRequestBytes = options.MaxRequestBytes });
        _lessor = parts.Lessor;
        _lessorGate = parts.LessorGate;
        _members = parts.Members;
        _alarms = parts.Alarms;
        _wal = parts.Wal;
        _snapshots = parts.Snapshots;
        _snapDir = Path.Combine(options.DataDir, "member", "snap");
        _ids = new IdGenerator(MemberId, DateTimeOffset.UtcNow);
        _appliedWaiters = new AppliedIndexWaiters(parts.AppliedIndex);
        _transport = Transport.ServerPeerTransport.Create(options, parts, input => _raft!.Enqueue(input), () => _members,
            new SnapshotSender(fs, _snapDir, () => _backend), new SnapshotReceiver(fs, _snapDir));
        _raft = new RaftLoop(parts.Node, parts.Storage, _wal, this, _transport, TimeSpan.FromMilliseconds(options.HeartbeatIntervalMs));
        _reads = new ReadIndexBatcher(_raft.Enqueue, _appliedWaiters);
        var context = new ApplyContext
        {
            Backend = _backend, Kv = _kv, Lessor = _lessor, LessorGate = _lessorGate, Members = _members,
            Alarms = _alarms,
        };
        _applier = new Applier(context, _waits, _raft.Enqueue, _appliedWaiters.Advance, parts.AppliedIndex, parts.AppliedTerm,
            parts.ConfState, (ulong)options.SnapshotCount, TakeSnapshotAsync, InstallSnapshot);
        _leaseTimer = new Timer(_ => LeaseHousekeeping(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public ServerOptions Options { get; }

    public ulong MemberId { get; }

    public ulong ClusterId { get; }

    /// <summary>The leader this member knows (0 for none).</summary>
    public ulong Leader => Volatile.Read(ref _leader);

    public bool IsLeader => Leader == MemberId;

    /// <summary>Opens (or bootstraps) the member in <see cref="ServerOptions.DataDir"/> and starts its loops.</summary>
    public static EngineServer Start(ServerOptions options, IFileSystem? fileSystem = null)
    {
        var fs = fileSystem ?? PosixFileSystem.Instance;
        var parts = ServerBootstrap.Open(options, fs);
        var server = new EngineServer(options, fs, parts);
        server._applier.Start();
        if (server._transport is not null)
        {
            Transport.ServerPeerTransport.Start(server._transport, options, server._members);
        }

        server._raft.Start(campaignNow: parts.ConfState.Voters.Count == 1 && parts.ConfState.Voters[0] == parts.MemberId);
        server._leaseTimer.Change(500, 500);
        _ = Task.Run(server.PublishAttributesAsync);
        Observability.MetricsPublisher.Publish(server);
        return server;
    }

    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        Observability.MetricsPublisher.Withdraw(this);
        _leaseTimer.Dispose();
        _transport?.Dispose();
        _raft.Dispose();
        _applier.Dispose();
        _waits.FailAll(new OperationCanceledException("server stopped"));
        _reads.FailAll(new OperationCanceledException("server stopped"));
        Quietly(() =>
        {
            if (_fatal is null && _applier.Failure is null)
            {
                _backend.ForceCommit();
            }
        });
        Quietly(_watchable.Dispose);
        Quietly(_kv.Dispose);
        Quietly(_wal.Dispose);
        Quietly(_backend.Dispose);
    }

    /// <summary>A reading of the counters behind the metrics gauges (all O(1)).</summary>
    internal Observability.ServerStats CollectStats()
    {
        ulong committed = _raft.CommittedIndex;
        ulong applied = _applier.AppliedIndex;
        return new Observability.ServerStats(MemberId, Leader, committed, applied, _waits.Count, _backend.QuotaBytes,
            _backend.Size, _backend.SizeInUse, _kv.IndexedKeyCount, WatcherCount, _members.Members.Select(m => m.Id).ToList());
    }

    /// <summary>Shutdown after a failure (or a simulated crash) must still release what it can.</summary>
    private static void Quietly(Action action)
    {
        try
        {
            action();
        }
        catch (Exception error) when (error is IOException or Common.Errors.EngineFatalException or ObjectDisposedException or InvalidOperationException)
        {
            Console.Error.WriteLine($"shutdown: {error.Message}");
        }
    }

    /// <summary>The response header every answer carries.</summary>
    private ResponseHeader Header(long revision = 0) => new()
    {
        ClusterId = ClusterId,
        MemberId = MemberId,
        Revision = revision == 0 ? _kv.CurrentRevision : revision,
        RaftTerm = _raft.Term,
    };

    private void FillHeader(ResponseHeader? header)
    {
        if (header is null)
        {
            return;
        }

        header.ClusterId = ClusterId;
        header.MemberId = MemberId;
        header.RaftTerm = _raft.Term;
        if (header.Revision == 0)
        {
            header.Revision = _kv.CurrentRevision;
        }
    }

    /// <summary>Proposes a request through raft and waits until it is durable and applied.</summary>
    private async ValueTask<object?> ProposeAsync(RaftRequest request, CancellationToken cancel)
    {
        if (Unavailable() is EtcdError unavailable)
        {
            return unavailable;
        }

        if (_raft.CommittedIndex > _applier.AppliedIndex + MaxGapBetweenApplyAndCommit)
        {
            return EtcdErrors.TooManyRequests;
        }

        request.Id = _ids.Next();
        var wait = _waits.Register(request.Id);
        _raft.Enqueue(new RaftInput.Propose(request.Id, RaftRequestCodec.Encode(request)));
        try
        {
            return await wait.WaitAsync(RequestTimeout, cancel).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _waits.Cancel(request.Id);
            Observability.ServerMetrics.ProposalsFailed.Inc();
            return EtcdErrors.Timeout;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return EtcdErrors.Stopped;
        }
        catch (OperationCanceledException)
        {
            _waits.Cancel(request.Id);
            throw;
        }
    }

    private EtcdError? Unavailable()
    {
        if (_stopped)
        {
            return EtcdErrors.Stopped;
        }

        if (_fatal is not null || _raft.Failed || _applier.Failure is not null)
        {
            return EtcdErrors.Stopped;
        }

        return Leader == 0 ? EtcdErrors.NoLeader : null;
    }

    /// <summary>Waits until a read started now can be served locally (ReadIndex through raft).</summary>
    private async ValueTask<EtcdError?> LinearizableBarrierAsync(CancellationToken cancel)
    {
        if (Unavailable() is EtcdError unavailable)
        {
            return unavailable;
        }

        try
        {
            await _reads.WaitAsync(cancel).WaitAsync(RequestTimeout, cancel).ConfigureAwait(false);
            return null;
        }
        catch (TimeoutException)
        {
            return EtcdErrors.Timeout;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return Leader == 0 ? EtcdErrors.NoLeader : EtcdErrors.LeaderChanged;
        }
    }

    private static Outcome<T> Result<T>(object? result)
        where T : class => result switch
        {
            EtcdError error => error,
            Outcome<T> outcome => outcome,
            T value => value,
            _ => EtcdErrors.Stopped,
        };

    private async Task TakeSnapshotAsync(ulong index, ulong term, ConfState confState)
    {
        _backend.ForceCommit();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _raft.Enqueue(new RaftInput.Snapshot(index, term, confState, done));
        await done.Task.ConfigureAwait(false);
        _snapshots.Save(index, term, confState);
        ulong catchUp = (ulong)Options.SnapshotCatchUpEntries;
        ulong compact = index > catchUp ? index - catchUp : 0;
        _raft.Enqueue(new RaftInput.ReleaseLog(compact, index));
    }

    private void LeaseHousekeeping()
    {
        if (_stopped || !IsLeader)
        {
            return;
        }

        IReadOnlyList<long> expired;
        IReadOnlyList<Engine.Mvcc.Lease.LeaseCheckpoint> checkpoints;
        lock (_lessorGate)
        {
            expired = _lessor.ExpiredLeases();
            checkpoints = _lessor.DueCheckpoints();
        }

        foreach (long id in expired)
        {
            _ = ProposeAsync(new RaftRequest { LeaseRevoke = new LeaseRevokeRequest { ID = id } }, CancellationToken.None).AsTask();
        }

        if (checkpoints.Count > 0)
        {
            var request = new LeaseCheckpointRequest { Checkpoints = checkpoints.Select(c => new Apply.LeaseCheckpoint { Id = c.Id, RemainingTtl = c.RemainingTtlSeconds }).ToList() };
            _ = ProposeAsync(new RaftRequest { LeaseCheckpoint = request }, CancellationToken.None).AsTask();
        }
    }

    /// <summary>Small batches (a lone client's put) are applied on the raft thread when the apply loop is idle: one thread hop fewer.</summary>
    void IRaftLoopHandler.OnCommitted(IReadOnlyList<Entry> entries) => _applier.ApplyOrEnqueue(entries, InlineApplyLimit);

    void IRaftLoopHandler.OnSnapshot(Snapshot snapshot) => _applier.EnqueueSnapshot(snapshot.Metadata);

    void IRaftLoopHandler.OnReadStates(IReadOnlyList<ReadState> readStates) => _reads.OnReadStates(readStates);

    void IRaftLoopHandler.OnSoftState(SoftState state, ulong term)
    {
        ulong previous = Interlocked.Exchange(ref _leader, state.Lead);
        if (previous == state.Lead)
        {
            return;
        }

        if (state.Lead != 0)
        {
            Observability.ServerMetrics.LeaderChanges.Inc();
            WakePublisher();
        }

        lock (_lessorGate)
        {
            if (state.Lead == MemberId)
            {
                _lessor.Promote(Options.ElectionTimeoutMs);
            }
            else if (_lessor.IsPrimary)
            {
                _lessor.Demote();
            }
        }

        if (previous != 0)
        {
            _reads.FailAll(new OperationCanceledException("leader changed"));
        }
    }

    void IRaftLoopHandler.OnProposalDropped(ulong requestId)
    {
        Observability.ServerMetrics.ProposalsFailed.Inc();
        _waits.Trigger(requestId, EtcdErrors.NoLeader);
    }

    void IRaftLoopHandler.OnFatal(Exception error)
    {
        _fatal = error;
        Console.Error.WriteLine($"{{\"level\":\"fatal\",\"msg\":\"raft loop stopped\",\"error\":{JsonSerializer.Serialize(error.Message, ServerJsonContext.Default.String)}}}");
        _waits.FailAll(error);
        _reads.FailAll(error);
    }
}
