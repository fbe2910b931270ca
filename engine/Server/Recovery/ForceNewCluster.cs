using Engine.Raft;

namespace Engine.Server.Recovery;

/// <summary>
/// <c>serve --force-new-cluster</c> (etcd's restartAsStandaloneNode), as a pure step on the recovered log: entries
/// past the hard state's commit are dropped (never acknowledged), and conf changes are appended after the
/// commit — RemoveNode for every other member of the configuration in force at the end of the committed log,
/// AddNode for this member if it is not in it — with the hard state's term, and the commit moved over them.
/// The member commits its own removals: the applier then updates raft's configuration and the members bucket
/// through the ordinary path, so the member runs alone with every committed write and can grow by member add.
/// </summary>
public static class ForceNewCluster
{
    /// <summary>The rewritten log tail and hard state.</summary>
    public sealed record Result(IReadOnlyList<Entry> Entries, HardState HardState, IReadOnlyList<Entry> Appended, IReadOnlyList<ulong> Removed);

    /// <param name="start">The configuration at the start of <paramref name="entries"/> (the recovery point's).</param>
    /// <param name="entries">The log tail after the recovery point, in index order.</param>
    /// <param name="hardState">The last persisted hard state.</param>
    /// <param name="startIndex">The recovery point's index (the entry before the first of <paramref name="entries"/>).</param>
    /// <param name="self">This member's id.</param>
    public static Result Rewrite(ConfState start, IReadOnlyList<Entry> entries, HardState hardState, ulong startIndex, ulong self)
    {
        var committed = entries.Where(e => e.Index <= hardState.Commit).ToList();
        var ids = new SortedSet<ulong>(start.Voters.Concat(start.Learners));
        foreach (var entry in committed.Where(e => e.Type == EntryType.ConfChange))
        {
            var change = RaftCodec.DecodeConfChange(entry.Data.Span, out _);
            switch (change.Type)
            {
                case ConfChangeType.AddNode:
                case ConfChangeType.AddLearnerNode:
                    ids.Add(change.NodeId);
                    break;
                case ConfChangeType.RemoveNode:
                    ids.Remove(change.NodeId);
                    break;
            }
        }

        ulong next = Math.Max(hardState.Commit, startIndex) + 1;
        ulong term = Math.Max(hardState.Term, committed.Count > 0 ? committed[^1].Term : 0);
        var appended = new List<Entry>();
        var removed = new List<ulong>();
        foreach (ulong id in ids.Where(id => id != self))
        {
            appended.Add(new Entry(term, next++, EntryType.ConfChange, RaftCodec.ToBytes(new ConfChange(ConfChangeType.RemoveNode, id))));
            removed.Add(id);
        }

        if (!ids.Contains(self))
        {
            appended.Add(new Entry(term, next++, EntryType.ConfChange, RaftCodec.ToBytes(new ConfChange(ConfChangeType.AddNode, self))));
        }

        ulong commit = appended.Count > 0 ? appended[^1].Index : Math.Max(hardState.Commit, startIndex);
        return new Result([.. committed, .. appended], new HardState(term, hardState.Vote, commit), appended, removed);
    }
}
