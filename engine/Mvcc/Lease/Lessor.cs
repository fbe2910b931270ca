using Engine.Common.Errors;
using Engine.Protocol;

namespace Engine.Mvcc.Lease;

/// <summary>
/// etcd's lessor: grants, revokes, renews and expires leases and tracks which keys each lease holds.
/// Deterministic: time comes from an injected <see cref="ILeaseClock"/>, it owns no thread and no timer. The server
/// calls <see cref="ExpiredLeases"/> and <see cref="DueCheckpoints"/> periodically on the leader (etcd: every 500 ms)
/// and proposes the results through raft as revokes and checkpoints; every state change (grant, revoke, checkpoint)
/// arrives through the apply loop, so all members agree. Only the leader (after <see cref="Promote"/>) has expiries;
/// followers hold every lease forever. Thread-safe: one internal lock, never held while calling the key deleter or
/// the store (lock order is backend before lessor).
/// </summary>
public sealed partial class Lessor : ILeaseAttachments
{
    /// <summary>etcd's MaxLeaseTTL (seconds); a larger TTL is <see cref="EtcdErrors.LeaseTtlTooLarge"/>.</summary>
    public const long MaxLeaseTtlSeconds = 9_000_000_000;

    /// <summary>etcd's NoLease.</summary>
    public const long NoLease = 0;

    private readonly object _gate = new();
    private readonly ILeaseStore _store;
    private readonly ILeaseClock _clock;
    private readonly LessorOptions _options;
    private readonly Dictionary<long, Lease> _leases = new();
    private readonly Dictionary<byte[], long> _leaseOfKey = new(ByteKeyComparer.Instance);
    private ILeaseKeyDeleter? _keyDeleter;

    /// <summary>Opens the lessor over a store and restores every persisted lease (as a follower: no expiry until <see cref="Promote"/>).</summary>
    public Lessor(ILeaseStore store, ILeaseClock clock, LessorOptions? options = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _options = options ?? new LessorOptions();
        _options.Validate();
        _revokeTokensMilli = _options.RevokeRatePerSecond / 2 * 1000L;
        Reload();
    }

    /// <summary>The minimum TTL a grant is raised to.</summary>
    public long MinTtlSeconds => _options.MinTtlSeconds;

    /// <summary>Number of leases.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _leases.Count;
            }
        }
    }

    /// <summary>Wires the MVCC store's deleter (set once by the server, which builds both).</summary>
    public void SetKeyDeleter(ILeaseKeyDeleter deleter) =>
        Volatile.Write(ref _keyDeleter, deleter ?? throw new ArgumentNullException(nameof(deleter)));

    /// <summary>
    /// Replaces the in-memory state with the store's content: on open and after a raft snapshot replaced the backend.
    /// Key attachments are cleared; the MVCC store re-attaches keys through <see cref="Attach"/> when it rebuilds its index.
    /// Stored TTLs below the minimum are raised to it, as etcd does on recovery.
    /// </summary>
    public void Reload()
    {
        IReadOnlyList<LeaseRecord> records = _store.LoadAll();
        lock (_gate)
        {
            _leases.Clear();
            _leaseOfKey.Clear();
            _expiryQueue.Clear();
            _checkpointQueue.Clear();
            _pendingCheckpointResets.Clear();
            long now = _clock.NowMilliseconds;
            foreach (LeaseRecord record in records)
            {
                var lease = new Lease(record.Id, Math.Max(record.TtlSeconds, _options.MinTtlSeconds), record.RemainingTtlSeconds);
                _leases[lease.Id] = lease;
                if (_isPrimary)
                {
                    StartTracking(lease, now, 0);
                }
            }
        }
    }

    /// <summary>
    /// Applies a grant (apply loop). ID 0 is etcd's NoLease and is refused with <see cref="EtcdErrors.LeaseNotFound"/> as etcd's
    /// lessor does: the proposing member fills the ID first (<see cref="AssignId"/>). TTL above <see cref="MaxLeaseTtlSeconds"/>
    /// → <see cref="EtcdErrors.LeaseTtlTooLarge"/>; existing ID → <see cref="EtcdErrors.LeaseExists"/>; TTL below the minimum
    /// (including 0 or negative) is raised to it and the response carries the raised TTL.
    /// </summary>
    public Outcome<LeaseGrantResponse> Grant(LeaseGrantRequest request)
    {
        if (request.ID == NoLease)
        {
            return EtcdErrors.LeaseNotFound;
        }

        if (request.TTL > MaxLeaseTtlSeconds)
        {
            return EtcdErrors.LeaseTtlTooLarge;
        }

        LeaseRecord record;
        lock (_gate)
        {
            if (_leases.ContainsKey(request.ID))
            {
                return EtcdErrors.LeaseExists;
            }

            var lease = new Lease(request.ID, Math.Max(request.TTL, _options.MinTtlSeconds), 0);
            _leases[lease.Id] = lease;
            if (_isPrimary)
            {
                StartTracking(lease, _clock.NowMilliseconds, 0);
            }

            record = lease.ToRecord();
        }

        _store.Save(record);
        return new LeaseGrantResponse { ID = record.Id, TTL = record.TtlSeconds };
    }

    /// <summary>
    /// Fills a grant's ID when the client left it 0, at propose time on the proposing member (never at apply time:
    /// replicas must agree). Draws from <paramref name="idGenerator"/> (the server's member-based request-id
    /// generator), masked to a positive int64 as etcd does, skipping 0 and ids already in use.
    /// </summary>
    public void AssignId(LeaseGrantRequest request, Func<long> idGenerator)
    {
        ArgumentNullException.ThrowIfNull(idGenerator);
        while (request.ID == NoLease || Exists(request.ID))
        {
            request.ID = idGenerator() & long.MaxValue;
        }
    }

    /// <summary>
    /// Applies a revoke (apply loop; an expiry arrives as a revoke too). Unknown lease → <see cref="EtcdErrors.LeaseNotFound"/>.
    /// Otherwise the attached keys, sorted, are deleted through the <see cref="ILeaseKeyDeleter"/> in one MVCC transaction,
    /// and inside that same transaction the lease record is deleted from the <c>lease</c> bucket.
    /// </summary>
    public Outcome<LeaseRevokeResponse> Revoke(LeaseRevokeRequest request) =>
        Revoke(request, Volatile.Read(ref _keyDeleter) ?? throw new InvalidOperationException("Lessor.SetKeyDeleter was not called"));

    /// <summary>
    /// Applies a revoke inside the MVCC write transaction the apply loop opened for this raft entry: the keys are deleted
    /// through <paramref name="txn"/> (one revision, one DELETE event per key, published at the txn's End) and the lease
    /// record is deleted under the batch lock the txn holds. The caller ends the txn with the entry's applied index:
    /// <c>using var txn = kv.BeginWrite(); var outcome = lessor.Revoke(request, txn); txn.End(index, term, confState);</c>
    /// </summary>
    public Outcome<LeaseRevokeResponse> Revoke(LeaseRevokeRequest request, KvWriteTxn txn) =>
        Revoke(request, new KvWriteTxnKeyDeleter(txn));

    /// <summary>Applies a revoke through the given deleter (see <see cref="Revoke(LeaseRevokeRequest)"/>).</summary>
    public Outcome<LeaseRevokeResponse> Revoke(LeaseRevokeRequest request, ILeaseKeyDeleter deleter)
    {
        ArgumentNullException.ThrowIfNull(deleter);
        byte[][] keys;
        lock (_gate)
        {
            if (!_leases.TryGetValue(request.ID, out Lease? lease))
            {
                return EtcdErrors.LeaseNotFound;
            }

            keys = lease.SortedKeys();
        }

        long id = request.ID;
        bool recordDeleted = false;
        deleter.DeleteKeys(keys, () =>
        {
            _store.DeleteLocked(id);
            RemoveLease(id);
            recordDeleted = true;
        });
        if (!recordDeleted)
        {
            throw new InvariantViolationException($"the lease key deleter returned without calling back for lease {id}: its record would outlive its keys");
        }

        return new LeaseRevokeResponse();
    }

    /// <summary>
    /// A keep-alive (leader only, not a raft write). Not the leader → <see cref="EtcdErrors.NotLeader"/> (the server forwards
    /// to the leader). Unknown or already expired lease → a response with TTL 0 (etcd's v3rpc quirk, applied here so the api
    /// forwards as is; etcd blocks an expired lease's renewal until its revoke applies, this answers "gone" at once).
    /// Otherwise the lease is renewed to its granted TTL; if it carried a checkpoint, a reset checkpoint {id, 0} is queued
    /// for <see cref="DueCheckpoints"/> (etcd's "first renew after a checkpoint is a raft write").
    /// </summary>
    public Outcome<LeaseKeepAliveResponse> KeepAlive(LeaseKeepAliveRequest request)
    {
        lock (_gate)
        {
            if (!_isPrimary)
            {
                return EtcdErrors.NotLeader;
            }

            long now = _clock.NowMilliseconds;
            if (!_leases.TryGetValue(request.ID, out Lease? lease) || lease.ExpiryMilliseconds <= now)
            {
                return new LeaseKeepAliveResponse { ID = request.ID, TTL = 0 };
            }

            if (lease.RemainingTtlSeconds > 0 && _options.CheckpointIntervalMilliseconds > 0)
            {
                lease.RemainingTtlSeconds = 0;
                _pendingCheckpointResets.Add(lease.Id);
            }

            lease.Refresh(now, 0);
            if (!_expiryQueue.TryGetTime(lease.Id, out long queuedAt) || lease.ExpiryMilliseconds < queuedAt)
            {
                // Only an earlier expiry needs the queue now; a later one is found when the old entry surfaces
                // (ExpiredLeases re-queues a lease whose expiry moved on), which keeps keep-alive O(1).
                _expiryQueue.RegisterOrUpdate(lease.Id, lease.ExpiryMilliseconds);
            }

            return new LeaseKeepAliveResponse { ID = lease.Id, TTL = lease.TtlSeconds };
        }
    }

    /// <summary>
    /// Time to live (leader only: a follower answers <see cref="EtcdErrors.NotLeader"/> and the server forwards). Unknown lease →
    /// a response with TTL -1 (etcd's v3rpc quirk, applied here). TTL = whole seconds remaining, truncated as etcd does, never
    /// below 0 for an expired lease awaiting its revoke; GrantedTTL = the (raised) granted TTL; Keys sorted when asked.
    /// </summary>
    public Outcome<LeaseTimeToLiveResponse> TimeToLive(LeaseTimeToLiveRequest request)
    {
        lock (_gate)
        {
            if (!_isPrimary)
            {
                return EtcdErrors.NotLeader;
            }

            if (!_leases.TryGetValue(request.ID, out Lease? lease))
            {
                return new LeaseTimeToLiveResponse { ID = request.ID, TTL = -1 };
            }

            long remainingMs = lease.ExpiryMilliseconds - _clock.NowMilliseconds;
            return new LeaseTimeToLiveResponse
            {
                ID = lease.Id,
                TTL = Math.Max(0, remainingMs / 1000),
                GrantedTTL = lease.TtlSeconds,
                Keys = request.Keys ? [.. lease.SortedKeys()] : null,
            };
        }
    }

    /// <summary>Every lease (etcd orders them by expiry; ties, and all leases on a follower, by id).</summary>
    public LeaseLeasesResponse Leases()
    {
        lock (_gate)
        {
            var all = new List<Lease>(_leases.Values);
            all.Sort(static (a, b) => a.ExpiryMilliseconds != b.ExpiryMilliseconds
                ? a.ExpiryMilliseconds.CompareTo(b.ExpiryMilliseconds)
                : a.Id.CompareTo(b.Id));
            var statuses = new List<LeaseStatus>(all.Count);
            foreach (Lease lease in all)
            {
                statuses.Add(new LeaseStatus { ID = lease.Id });
            }

            return new LeaseLeasesResponse { Leases = statuses };
        }
    }

    /// <summary>A copy of one lease's state, or null.</summary>
    public LeaseSnapshot? Lookup(long leaseId)
    {
        lock (_gate)
        {
            return _leases.TryGetValue(leaseId, out Lease? lease) ? lease.ToSnapshot() : null;
        }
    }

    /// <summary>The keys attached to a lease, sorted (empty when the lease does not exist).</summary>
    public IReadOnlyList<byte[]> KeysOf(long leaseId)
    {
        lock (_gate)
        {
            return _leases.TryGetValue(leaseId, out Lease? lease) ? lease.SortedKeys() : [];
        }
    }

    public bool Exists(long leaseId)
    {
        lock (_gate)
        {
            return _leases.ContainsKey(leaseId);
        }
    }

    public bool Attach(long leaseId, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (!_leases.TryGetValue(leaseId, out Lease? lease))
            {
                return false;
            }

            if (_leaseOfKey.TryGetValue(key, out long previous) && previous != leaseId && _leases.TryGetValue(previous, out Lease? old))
            {
                old.Keys.Remove(key);
            }

            lease.Keys.Add(key);
            _leaseOfKey[key] = leaseId;
            return true;
        }
    }

    public bool Detach(long leaseId, ReadOnlySpan<byte> key)
    {
        lock (_gate)
        {
            var byKey = _leaseOfKey.GetAlternateLookup<ReadOnlySpan<byte>>();
            if (byKey.TryGetValue(key, out long holder) && holder == leaseId)
            {
                byKey.Remove(key);
            }

            return _leases.TryGetValue(leaseId, out Lease? lease) && lease.Keys.GetAlternateLookup<ReadOnlySpan<byte>>().Remove(key);
        }
    }

    public long LeaseOf(ReadOnlySpan<byte> key)
    {
        lock (_gate)
        {
            return _leaseOfKey.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out long id) ? id : NoLease;
        }
    }

    private void RemoveLease(long id)
    {
        lock (_gate)
        {
            if (!_leases.Remove(id, out Lease? lease))
            {
                return;
            }

            foreach (byte[] key in lease.Keys)
            {
                if (_leaseOfKey.TryGetValue(key, out long holder) && holder == id)
                {
                    _leaseOfKey.Remove(key);
                }
            }

            _expiryQueue.Remove(id);
            _checkpointQueue.Remove(id);
            _pendingCheckpointResets.Remove(id);
        }
    }
}
