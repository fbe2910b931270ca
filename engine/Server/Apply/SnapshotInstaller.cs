using Engine.Common.Errors;
using Engine.Common.IO;
using Engine.Raft;
using Engine.Server.Bootstrap;
using Engine.Server.Observability;
using Engine.Server.Raft;
using Engine.Server.State;
using Engine.Server.Storage;
using Engine.Server.Transport;
using Engine.Storage.Backend;

namespace Engine.Server.Apply;

/// <summary>
/// Installs a leader's snapshot (etcd's applySnapshot), on the apply loop, after raft made the snapshot's WAL marker
/// durable: saves its record (so a restart replays the WAL from it), moves the received <c>&lt;index&gt;.snap.db</c>
/// over <c>member/snap/db</c> (directory fsynced), opens every state machine of it as a new
/// <see cref="MemberState"/>, swaps that in with one assignment, then retires the old bundle. Watch streams opened
/// before are closed with an error (the client re-watches from its last revision, as after any lost stream); readers
/// holding the old bundle finish on it or retry on the new one.
/// </summary>
internal sealed class SnapshotInstaller(IFileSystem fs, ServerOptions options, MemberStateHolder state, RaftInbox raft,
    SnapshotRecordStore records, PeerTransport? transport, ulong memberId)
{
    private readonly string _snapDir = Path.Combine(options.DataDir, "member", "snap");

    public void Install(SnapshotMetadata snapshot)
    {
        state.DbFileGate.Wait();
        try
        {
            InstallLocked(snapshot);
        }
        finally
        {
            state.DbFileGate.Release();
        }
    }

    private void InstallLocked(SnapshotMetadata snapshot)
    {
        string received = SnapshotDbFiles.PathOf(_snapDir, snapshot.Index);
        if (!fs.FileExists(received))
        {
            throw new EngineFatalException($"raft accepted snapshot {snapshot.Index} but {received} does not exist");
        }

        records.Save(snapshot.Index, snapshot.Term, snapshot.ConfState);
        string dbPath = Path.Combine(_snapDir, "db");
        SnapshotDbFiles.MoveIntoPlace(fs, _snapDir, snapshot.Index, dbPath);
        var backend = Backend.Open(fs, dbPath, ServerBootstrap.BackendOptionsFor(options));
        var held = backend.ReadAppliedState();
        if (held.ConsistentIndex != snapshot.Index)
        {
            backend.Dispose();
            throw new EngineFatalException($"the installed snapshot db holds index {held.ConsistentIndex}, raft's snapshot is at {snapshot.Index}");
        }

        var next = MemberState.Open(options, backend);
        var retired = state.Swap(next, options.ElectionTimeoutMs);
        retired.Retire();
        if (transport is not null)
        {
            ServerPeerTransport.ConnectAll(transport, next.Members, memberId);
        }

        SnapshotDbFiles.RemoveStale(fs, _snapDir, snapshot.Index, startingUp: false);
        raft.Enqueue(new RaftInput.ReleaseLog(0, snapshot.Index));
        ServerMetrics.SnapshotsInstalled.Inc();
        Console.Error.WriteLine($"{{\"level\":\"info\",\"msg\":\"applied incoming snapshot\",\"snapshot-index\":{snapshot.Index},\"snapshot-term\":{snapshot.Term}}}");
    }
}
