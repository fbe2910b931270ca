using Engine.Protocol;
using Engine.Raft;
using Engine.Server.Apply;
using Engine.Server.Raft;
using Engine.Server.Storage;
using Engine.Storage.Backend;

namespace Engine.Server;

/// <summary>Installing a leader's snapshot (etcd's applySnapshot): the received db replaces this member's state machines.</summary>
public sealed partial class EngineServer
{
    /// <summary>
    /// Held by whatever replaces or rewrites the db file under the member: a snapshot install and an online
    /// defragment never run at once (the defragment would rewrite the file the install is moving away).
    /// </summary>
    private readonly SemaphoreSlim _dbFileSwap = new(1, 1);

    /// <summary>
    /// A range on the current MVCC store; a read that raced a snapshot install onto the retired store (closed
    /// under it) is answered by the new one instead of failing.
    /// </summary>
    private Outcome<RangeResponse> RangeOnCurrentStore(RangeRequest request)
    {
        while (true)
        {
            var kv = _kv;
            try
            {
                return kv.Range(request);
            }
            catch (ObjectDisposedException) when (!ReferenceEquals(kv, _kv))
            {
                // retired by a snapshot install between reading the field and the range: read the new store
            }
        }
    }

    /// <summary>
    /// On the apply loop, after raft made the snapshot's WAL marker durable: saves its record (so a restart
    /// replays the WAL from it), moves the received <c>&lt;index&gt;.snap.db</c> over <c>member/snap/db</c>
    /// (directory fsynced), reopens it and rebuilds the MVCC store, lessor, members and alarms from it, then
    /// retires the old ones. Watch streams opened before are closed with an error (the client re-watches from
    /// its last revision, as after any lost stream); readers holding the old store finish on it.
    /// </summary>
    private ApplyContext InstallSnapshot(SnapshotMetadata snapshot)
    {
        _dbFileSwap.Wait();
        try
        {
            return InstallSnapshotLocked(snapshot);
        }
        finally
        {
            _dbFileSwap.Release();
        }
    }

    private ApplyContext InstallSnapshotLocked(SnapshotMetadata snapshot)
    {
        string received = SnapshotDbFiles.PathOf(_snapDir, snapshot.Index);
        if (!_fs.FileExists(received))
        {
            throw new Common.Errors.EngineFatalException($"raft accepted snapshot {snapshot.Index} but {received} does not exist");
        }

        _snapshots.Save(snapshot.Index, snapshot.Term, snapshot.ConfState);
        string dbPath = Path.Combine(_snapDir, "db");
        SnapshotDbFiles.MoveIntoPlace(_fs, _snapDir, snapshot.Index, dbPath);
        var backend = Backend.Open(_fs, dbPath, ServerBootstrap.BackendOptionsFor(Options));
        var held = backend.ReadAppliedState();
        if (held.ConsistentIndex != snapshot.Index)
        {
            backend.Dispose();
            throw new Common.Errors.EngineFatalException($"the installed snapshot db holds index {held.ConsistentIndex}, raft's snapshot is at {snapshot.Index}");
        }

        var state = StateMachines.Open(Options, backend);
        var retired = (Backend: _backend, Kv: _kv, Watchable: _watchable);
        var watchable = new Engine.Mvcc.Watch.WatchableStore(state.Kv, new Engine.Mvcc.Watch.WatchOptions { MaxRequestBytes = Options.MaxRequestBytes });
        lock (_lessorGate)
        {
            if (_lessor.IsPrimary)
            {
                state.Lessor.Promote(Options.ElectionTimeoutMs);
            }

            _lessor = state.Lessor;
        }

        _backend = backend;
        _kv = state.Kv;
        _members = state.Members;
        _alarms = state.Alarms;
        _watchable = watchable;
        Quietly(retired.Watchable.Dispose);
        Quietly(retired.Kv.Dispose);
        Quietly(retired.Backend.Dispose);
        if (_transport is not null)
        {
            Transport.ServerPeerTransport.ConnectAll(_transport, state.Members, MemberId);
        }

        SnapshotDbFiles.RemoveStale(_fs, _snapDir, snapshot.Index, startingUp: false);
        _raft.Enqueue(new RaftInput.ReleaseLog(0, snapshot.Index));
        Observability.ServerMetrics.SnapshotsInstalled.Inc();
        Console.Error.WriteLine($"{{\"level\":\"info\",\"msg\":\"applied incoming snapshot\",\"snapshot-index\":{snapshot.Index},\"snapshot-term\":{snapshot.Term}}}");
        return new ApplyContext
        {
            Backend = backend, Kv = state.Kv, Lessor = state.Lessor, LessorGate = _lessorGate, Members = state.Members, Alarms = state.Alarms,
        };
    }
}
