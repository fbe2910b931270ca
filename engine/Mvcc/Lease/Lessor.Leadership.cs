namespace Engine.Mvcc.Lease;

/// <summary>The leader-only half of the lessor: promotion, demotion, expiry batches and checkpoints.</summary>
public sealed partial class Lessor
{
    private readonly LeaseTimeQueue _expiryQueue = new();
    private readonly LeaseTimeQueue _checkpointQueue = new();
    private readonly SortedSet<long> _pendingCheckpointResets = new();
    private bool _isPrimary;
    private long _revokeTokensMilli;
    private long _revokeTokensRefilledAt = long.MinValue;

    /// <summary>True between <see cref="Promote"/> and <see cref="Demote"/>: this member is the leader and owns expiry.</summary>
    public bool IsPrimary
    {
        get
        {
            lock (_gate)
            {
                return _isPrimary;
            }
        }
    }

    /// <summary>
    /// This member became leader (etcd's Promote): every lease expires at now + <paramref name="extendMilliseconds"/>
    /// (the server passes the election timeout) + its checkpointed remaining TTL, or its granted TTL when it has none.
    /// With at least the revoke rate of leases, expiries that pile up in one second are spread out as etcd does, so a
    /// mass expiry does not exceed ~3/4 of the revoke rate.
    /// </summary>
    public void Promote(long extendMilliseconds)
    {
        lock (_gate)
        {
            _isPrimary = true;
            long now = _clock.NowMilliseconds;
            _expiryQueue.Clear();
            _checkpointQueue.Clear();
            foreach (Lease lease in _leases.Values)
            {
                StartTracking(lease, now, extendMilliseconds);
            }

            if (_leases.Count >= _options.RevokeRatePerSecond)
            {
                SpreadExpiries(now, extendMilliseconds);
            }
        }
    }

    /// <summary>This member is no longer leader (etcd's Demote): every lease lives forever here, queued work is dropped.</summary>
    public void Demote()
    {
        lock (_gate)
        {
            _isPrimary = false;
            foreach (Lease lease in _leases.Values)
            {
                lease.ExpiryMilliseconds = Lease.Forever;
            }

            _expiryQueue.Clear();
            _checkpointQueue.Clear();
            _pendingCheckpointResets.Clear();
        }
    }

    /// <summary>
    /// Leader only (empty otherwise): ids of expired leases for the server to propose as revokes through raft, at most
    /// <paramref name="max"/> and rate-limited to <see cref="LessorOptions.RevokeRatePerSecond"/> (a token bucket holding
    /// half a second's worth, as etcd's 500 ms loop with limit rate/2). A lease handed out here is offered again after
    /// <see cref="LessorOptions.ExpiredLeaseRetryMilliseconds"/> if its revoke has not applied by then.
    /// </summary>
    public IReadOnlyList<long> ExpiredLeases(int max = int.MaxValue)
    {
        lock (_gate)
        {
            if (!_isPrimary || max <= 0)
            {
                return [];
            }

            long now = _clock.NowMilliseconds;
            RefillRevokeTokens(now);
            int limit = (int)Math.Min(max, _revokeTokensMilli / 1000);
            var expired = new List<long>();
            while (expired.Count < limit && _expiryQueue.TryPeek(out long id, out long time) && time <= now)
            {
                _expiryQueue.Pop();
                if (!_leases.TryGetValue(id, out Lease? lease))
                {
                    continue;
                }

                if (lease.ExpiryMilliseconds > now)
                {
                    _expiryQueue.RegisterOrUpdate(id, lease.ExpiryMilliseconds);
                    continue;
                }

                expired.Add(id);
                _expiryQueue.RegisterOrUpdate(id, now + _options.ExpiredLeaseRetryMilliseconds);
            }

            _revokeTokensMilli -= expired.Count * 1000L;
            return expired;
        }
    }

    /// <summary>
    /// Leader only (empty otherwise): checkpoints for the server to propose through raft — first the resets {id, 0} queued by
    /// keep-alives, then, for leases scheduled <see cref="LessorOptions.CheckpointIntervalMilliseconds"/> ago, their remaining
    /// whole seconds (rounded up, as etcd). A lease whose remaining TTL is not below its granted TTL (just renewed) gets no
    /// checkpoint and is rescheduled. At most <see cref="LessorOptions.MaxCheckpointBatch"/> per call.
    /// </summary>
    public IReadOnlyList<LeaseCheckpoint> DueCheckpoints()
    {
        lock (_gate)
        {
            var due = new List<LeaseCheckpoint>();
            if (!_isPrimary)
            {
                return due;
            }

            while (due.Count < _options.MaxCheckpointBatch && _pendingCheckpointResets.Count > 0)
            {
                long id = _pendingCheckpointResets.Min;
                _pendingCheckpointResets.Remove(id);
                due.Add(new LeaseCheckpoint(id, 0));
            }

            long now = _clock.NowMilliseconds;
            while (due.Count < _options.MaxCheckpointBatch && _checkpointQueue.TryPeek(out long id, out long time) && time <= now)
            {
                _checkpointQueue.Pop();
                if (!_leases.TryGetValue(id, out Lease? lease) || lease.ExpiryMilliseconds <= now)
                {
                    continue;
                }

                long remaining = (lease.ExpiryMilliseconds - now + 999) / 1000;
                if (remaining < lease.TtlSeconds)
                {
                    due.Add(new LeaseCheckpoint(id, remaining));
                }
                else
                {
                    ScheduleCheckpointIfNeeded(lease, now);
                }
            }

            return due;
        }
    }

    /// <summary>
    /// Applies a checkpoint (apply loop, every member): records the remaining TTL (0 clears it) and persists it, so a later
    /// <see cref="Promote"/> on any member resumes from it. The leader schedules the lease's next checkpoint. Unknown ids are ignored.
    /// </summary>
    public void Checkpoint(long leaseId, long remainingTtlSeconds)
    {
        LeaseRecord record;
        lock (_gate)
        {
            if (!_leases.TryGetValue(leaseId, out Lease? lease))
            {
                return;
            }

            lease.RemainingTtlSeconds = Math.Max(0, remainingTtlSeconds);
            if (_isPrimary)
            {
                ScheduleCheckpointIfNeeded(lease, _clock.NowMilliseconds);
            }

            record = lease.ToRecord();
        }

        _store.Save(record);
    }

    /// <summary>Applies a batch of checkpoints (one raft entry of etcd's LeaseCheckpointRequest).</summary>
    public void Checkpoint(IReadOnlyList<LeaseCheckpoint> checkpoints)
    {
        foreach (LeaseCheckpoint checkpoint in checkpoints)
        {
            Checkpoint(checkpoint.Id, checkpoint.RemainingTtlSeconds);
        }
    }

    private void StartTracking(Lease lease, long now, long extendMilliseconds)
    {
        lease.Refresh(now, extendMilliseconds);
        _expiryQueue.RegisterOrUpdate(lease.Id, lease.ExpiryMilliseconds);
        ScheduleCheckpointIfNeeded(lease, now);
    }

    private void ScheduleCheckpointIfNeeded(Lease lease, long now)
    {
        long interval = _options.CheckpointIntervalMilliseconds;
        if (interval > 0 && lease.EffectiveTtlSeconds * 1000 > interval)
        {
            _checkpointQueue.RegisterOrUpdate(lease.Id, now + interval);
        }
    }

    private void RefillRevokeTokens(long now)
    {
        long capacity = _options.RevokeRatePerSecond / 2 * 1000L;
        if (_revokeTokensRefilledAt != long.MinValue && now > _revokeTokensRefilledAt)
        {
            long elapsed = Math.Min(now - _revokeTokensRefilledAt, 10_000);
            _revokeTokensMilli = Math.Min(capacity, _revokeTokensMilli + (elapsed * _options.RevokeRatePerSecond));
        }

        _revokeTokensRefilledAt = now;
    }

    /// <summary>etcd's Promote overlap adjustment: at most 3/4 of the revoke rate expire in any one-second window.</summary>
    private void SpreadExpiries(long now, long extendMilliseconds)
    {
        var byExpiry = new List<Lease>(_leases.Values);
        byExpiry.Sort(static (a, b) => a.ExpiryMilliseconds != b.ExpiryMilliseconds
            ? a.ExpiryMilliseconds.CompareTo(b.ExpiryMilliseconds)
            : a.Id.CompareTo(b.Id));
        long targetPerSecond = Math.Max(1, 3L * _options.RevokeRatePerSecond / 4);
        long baseWindow = byExpiry[0].ExpiryMilliseconds - now;
        long nextWindow = baseWindow + 1000;
        long expires = 0;
        foreach (Lease lease in byExpiry)
        {
            long remaining = lease.ExpiryMilliseconds - now;
            if (remaining > nextWindow)
            {
                baseWindow = remaining;
                nextWindow = baseWindow + 1000;
                expires = 1;
                continue;
            }

            expires++;
            if (expires <= targetPerSecond)
            {
                continue;
            }

            long delay = (1000 * expires / targetPerSecond) - (remaining - baseWindow);
            nextWindow = baseWindow + delay;
            lease.Refresh(now, delay + extendMilliseconds);
            _expiryQueue.RegisterOrUpdate(lease.Id, lease.ExpiryMilliseconds);
        }
    }
}
