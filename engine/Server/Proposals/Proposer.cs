using System.Text.Json;
using Engine.Protocol;
using Engine.Raft;
using Engine.Server.Entries;
using Engine.Server.Observability;
using Engine.Server.Raft;
using Engine.Server.Reads;
using Engine.Server.State;

namespace Engine.Server.Proposals;

/// <summary>
/// The member's way into raft, and the raft loop's handler. It owns request ids, the waiters of proposals and their
/// typed results (<see cref="ProposeAsync{TResult}"/>: a request becomes an entry, the apply loop wakes it with its
/// result), conf-change proposals, ReadIndex barriers for linearizable reads, the known leader and whether the member
/// can serve at all (stopped, a fatal raft or apply failure, no leader).
/// </summary>
internal sealed class Proposer : IRaftLoopHandler
{
    /// <summary>How long a proposal or a read barrier may take before the client gets etcd's timeout.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(7);

    private const ulong MaxGapBetweenApplyAndCommit = 5000;

    private readonly RaftInbox _raft;
    private readonly RaftLoopStatus _raftStatus;
    private readonly MemberStateHolder _state;
    private readonly int _electionTimeoutMs;
    private readonly WaitRegistry _waits = new();
    private readonly ReadIndexBatcher _reads;
    private readonly IdGenerator _ids;
    private readonly SemaphoreSlim _leaderWake = new(0);
    private ulong _leader;
    private volatile Exception? _fatal;
    private volatile bool _stopped;

    public Proposer(ulong memberId, ulong appliedIndex, RaftInbox raft, RaftLoopStatus raftStatus, MemberStateHolder state, ServerOptions options)
    {
        MemberId = memberId;
        _raft = raft;
        _raftStatus = raftStatus;
        _state = state;
        _electionTimeoutMs = options.ElectionTimeoutMs;
        _ids = new IdGenerator(memberId, DateTimeOffset.UtcNow);
        Applied = new AppliedIndexWaiters(appliedIndex);
        _reads = new ReadIndexBatcher(raft, Applied);
    }

    public ulong MemberId { get; }

    /// <summary>The leader this member knows (0 for none).</summary>
    public ulong Leader => Volatile.Read(ref _leader);

    public bool IsLeader => Leader == MemberId;

    /// <summary>The applied index, advanced by the apply loop; linearizable reads wait on it.</summary>
    public AppliedIndexWaiters Applied { get; }

    /// <summary>Proposals waiting for their entry to be applied.</summary>
    public int PendingCount => _waits.Count;

    /// <summary>A fresh cluster-unique id (requests, leases, members).</summary>
    public ulong NextId() => _ids.Next();

    /// <summary>The raft loop or the apply loop stopped on a failure: nothing more is acknowledged (and nothing flushed at shutdown).</summary>
    public bool Failed => _fatal is not null || _raftStatus.Failed;

    /// <summary>Why the member cannot serve a request now (stopped, failed, no leader), or null.</summary>
    public EtcdError? Unavailable()
    {
        if (_stopped || _fatal is not null || _raftStatus.Failed)
        {
            return EtcdErrors.Stopped;
        }

        return Leader == 0 ? EtcdErrors.NoLeader : null;
    }

    /// <summary>Proposes a request through raft and waits until it is durable and applied; the apply result, typed.</summary>
    public async ValueTask<Outcome<TResult>> ProposeAsync<TResult>(RaftRequest request, CancellationToken cancel)
        where TResult : class
    {
        if (Unavailable() is EtcdError unavailable)
        {
            return unavailable;
        }

        if (_raftStatus.CommittedIndex > Applied.Applied + MaxGapBetweenApplyAndCommit)
        {
            return EtcdErrors.TooManyRequests;
        }

        request.Id = _ids.Next();
        var wait = _waits.Register(request.Id);
        _raft.Enqueue(new RaftInput.Propose(request.Id, RaftRequestCodec.Encode(request)));
        try
        {
            return Typed<TResult>(await wait.WaitAsync(RequestTimeout, cancel).ConfigureAwait(false));
        }
        catch (TimeoutException)
        {
            _waits.Cancel(request.Id);
            ServerMetrics.ProposalsFailed.Inc();
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

    /// <summary>What the apply loop answered, as the proposer's result type (an error stays an error).</summary>
    private static Outcome<TResult> Typed<TResult>(object? result)
        where TResult : class => result switch
        {
            EtcdError error => error,
            Outcome<TResult> outcome => outcome,
            TResult value => value,
            _ => EtcdErrors.Stopped,
        };

    /// <summary>Proposes a request whose answer nobody waits for (an expired lease's revoke, an alarm): failures are counted, not thrown.</summary>
    public void ProposeInBackground(RaftRequest request) => _ = ProposeAsync<object>(request, CancellationToken.None).AsTask();

    /// <summary>Proposes a membership change; null once it is applied, else why not.</summary>
    public async ValueTask<EtcdError?> ProposeConfChangeAsync(ConfChangeType type, ulong nodeId, byte[] context, CancellationToken cancel)
    {
        if (Unavailable() is EtcdError unavailable)
        {
            return unavailable;
        }

        ulong id = _ids.Next();
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

    /// <summary>Waits until a read started now can be served locally (ReadIndex through raft, then applied ≥ that index).</summary>
    public async ValueTask<EtcdError?> LinearizableBarrierAsync(CancellationToken cancel)
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

    /// <summary>Raft's status (every peer's progress), read on the raft thread.</summary>
    public async ValueTask<Status> QueryStatusAsync()
    {
        var done = new TaskCompletionSource<Status>(TaskCreationOptions.RunContinuationsAsynchronously);
        _raft.Enqueue(new RaftInput.QueryStatus(done));
        return await done.Task.WaitAsync(RequestTimeout).ConfigureAwait(false);
    }

    /// <summary>Waits until raft reports a leader or <paramref name="timeout"/> passes (the attribute publisher's wake-up).</summary>
    public Task WaitForLeaderAsync(TimeSpan timeout) => _leaderWake.WaitAsync(timeout);

    /// <summary>The apply loop's answer to a proposal: wakes its waiter, if it was proposed here.</summary>
    public void Complete(ulong requestId, object? result) => _waits.Trigger(requestId, result);

    /// <summary>
    /// The apply loop makes a committed conf change part of raft's configuration (on the raft thread) and waits for
    /// the configuration that results.
    /// </summary>
    public ConfState ApplyConfChange(ConfChange change)
    {
        var done = new TaskCompletionSource<ConfState>(TaskCreationOptions.RunContinuationsAsynchronously);
        _raft.Enqueue(new RaftInput.ApplyConfChange(change, done));
        return done.Task.GetAwaiter().GetResult();
    }

    /// <summary>Applying failed for an environmental reason: nothing more will be acknowledged.</summary>
    public void OnApplyFailed(Exception error)
    {
        _fatal = error;
        _waits.FailAll(error);
    }

    /// <summary>The member stops: every waiting proposal and read fails.</summary>
    public void Stop()
    {
        _stopped = true;
        _waits.FailAll(new OperationCanceledException("server stopped"));
        _reads.FailAll(new OperationCanceledException("server stopped"));
    }

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
            ServerMetrics.LeaderChanges.Inc();
            if (_leaderWake.CurrentCount == 0)
            {
                _leaderWake.Release();
            }
        }

        _state.OnLeadership(state.Lead == MemberId, _electionTimeoutMs);
        if (previous != 0)
        {
            _reads.FailAll(new OperationCanceledException("leader changed"));
        }
    }

    void IRaftLoopHandler.OnProposalDropped(ulong requestId)
    {
        ServerMetrics.ProposalsFailed.Inc();
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
