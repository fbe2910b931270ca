using Engine.Server.Entries;
using Engine.Server.Proposals;
using Engine.Server.State;

namespace Engine.Server.Leases;

/// <summary>
/// The leader's lease housekeeping, twice a second: expired leases are revoked and due remaining-TTL checkpoints
/// are recorded, both through raft (etcd's revokeExpiredLeases and checkpointScheduledLeases).
/// </summary>
internal sealed class LeaseExpiry : IDisposable
{
    private readonly MemberStateHolder _state;
    private readonly Proposer _proposer;
    private readonly Timer _timer;

    public LeaseExpiry(MemberStateHolder state, Proposer proposer)
    {
        _state = state;
        _proposer = proposer;
        _timer = new Timer(_ => Run(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public void Start() => _timer.Change(500, 500);

    public void Dispose() => _timer.Dispose();

    private void Run()
    {
        if (!_proposer.IsLeader || _proposer.Unavailable() is not null)
        {
            return;
        }

        IReadOnlyList<long> expired;
        IReadOnlyList<Engine.Mvcc.Lease.LeaseCheckpoint> checkpoints;
        lock (_state.LessorGate)
        {
            var lessor = _state.Current.Lessor;
            expired = lessor.ExpiredLeases();
            checkpoints = lessor.DueCheckpoints();
        }

        foreach (long id in expired)
        {
            _proposer.ProposeInBackground(new RaftRequest { LeaseRevoke = new Protocol.LeaseRevokeRequest { ID = id } });
        }

        if (checkpoints.Count > 0)
        {
            var request = new LeaseCheckpointRequest { Checkpoints = checkpoints.Select(c => new LeaseCheckpoint { Id = c.Id, RemainingTtl = c.RemainingTtlSeconds }).ToList() };
            _proposer.ProposeInBackground(new RaftRequest { LeaseCheckpoint = request });
        }
    }
}
