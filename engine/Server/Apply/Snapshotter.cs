using Engine.Raft;
using Engine.Server.Raft;
using Engine.Server.State;
using Engine.Server.Storage;

namespace Engine.Server.Apply;

/// <summary>
/// Takes this member's snapshots (etcd's triggerSnapshot), on the apply loop, every <see cref="Interval"/> applied
/// entries and after each conf change: the db is committed (it already holds the applied index, term and conf state),
/// raft records the snapshot point and writes its WAL marker, the snapshot record is saved, then raft's log is
/// compacted keeping <see cref="ServerOptions.SnapshotCatchUpEntries"/> entries for slow followers and older WAL
/// segments are released.
/// </summary>
internal sealed class Snapshotter(MemberStateHolder state, RaftInbox raft, SnapshotRecordStore records, ServerOptions options)
{
    /// <summary>Applied entries between two snapshots (<c>--snapshot-count</c>).</summary>
    public ulong Interval { get; } = (ulong)options.SnapshotCount;

    /// <summary>Records a snapshot at <paramref name="index"/> (what the db holds); blocks until raft has its marker.</summary>
    public void Take(ulong index, ulong term, ConfState confState)
    {
        state.Current.Backend.ForceCommit();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        raft.Enqueue(new RaftInput.Snapshot(index, term, confState, done));
        done.Task.GetAwaiter().GetResult();
        records.Save(index, term, confState);
        ulong catchUp = (ulong)options.SnapshotCatchUpEntries;
        ulong compact = index > catchUp ? index - catchUp : 0;
        raft.Enqueue(new RaftInput.ReleaseLog(compact, index));
    }
}
