using System.Buffers.Binary;
using Engine.Raft;
using Engine.Server.Raft;

namespace Engine.Server.Reads;

/// <summary>
/// Linearizable reads share ReadIndex rounds, as etcd's linearizable read loop does: every read that
/// arrives while no round is open joins a new round; the round is sent to raft when the raft loop picks
/// it up (so it starts after every read in it), and all its reads are released together once raft
/// confirms the read index and the applied index has reached it.
/// </summary>
internal sealed class ReadIndexBatcher
{
    private readonly object _gate = new();
    private readonly Dictionary<ulong, TaskCompletionSource<ulong>> _sent = [];
    private readonly RaftInbox _raft;
    private readonly AppliedIndexWaiters _applied;
    private TaskCompletionSource<ulong>? _open;
    private ulong _nextContext;

    public ReadIndexBatcher(RaftInbox raft, AppliedIndexWaiters applied)
    {
        _raft = raft;
        _applied = applied;
    }

    /// <summary>Completes when a read started now may be served locally (applied ≥ a read index confirmed after now).</summary>
    public async Task WaitAsync(CancellationToken cancel)
    {
        TaskCompletionSource<ulong> round;
        bool first = false;
        lock (_gate)
        {
            if (_open is null)
            {
                _open = new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
                first = true;
            }

            round = _open;
        }

        if (first)
        {
            _raft.Enqueue(new RaftInput.ReadIndex(Seal));
        }

        ulong index = await round.Task.WaitAsync(cancel).ConfigureAwait(false);
        await _applied.WaitFor(index).WaitAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>Called on the raft loop: closes the open round and names it with a fresh context.</summary>
    private byte[]? Seal()
    {
        lock (_gate)
        {
            if (_open is null)
            {
                return null;
            }

            ulong context = ++_nextContext;
            _sent[context] = _open;
            _open = null;
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, context);
            return bytes;
        }
    }

    /// <summary>Raft answered: release the rounds it names.</summary>
    public void OnReadStates(IReadOnlyList<ReadState> states)
    {
        foreach (var state in states)
        {
            if (state.RequestCtx.Length != 8)
            {
                continue;
            }

            ulong context = BinaryPrimitives.ReadUInt64BigEndian(state.RequestCtx.Span);
            TaskCompletionSource<ulong>? round;
            lock (_gate)
            {
                _sent.Remove(context, out round);
            }

            round?.TrySetResult(state.Index);
        }
    }

    /// <summary>Leadership changed or the server stops: pending rounds fail (their reads retry or error).</summary>
    public void FailAll(Exception error)
    {
        List<TaskCompletionSource<ulong>> rounds;
        lock (_gate)
        {
            rounds = [.. _sent.Values];
            _sent.Clear();
            if (_open is not null)
            {
                rounds.Add(_open);
                _open = null;
            }
        }

        foreach (var round in rounds)
        {
            round.TrySetException(error);
        }
    }
}
