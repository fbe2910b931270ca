using Engine.Raft;
using Engine.Server.Recovery;

namespace Engine.Server.Tests;

/// <summary>The log rewrite of --force-new-cluster (etcd's restartAsStandaloneNode / createConfigChangeEnts).</summary>
public sealed class ForceNewClusterRewriteTests
{
    private static Entry Normal(ulong index, ulong term = 2) => new(term, index, EntryType.Normal, new byte[] { 1 });

    private static Entry Conf(ulong index, ConfChangeType type, ulong id) =>
        new(2, index, EntryType.ConfChange, RaftCodec.ToBytes(new ConfChange(type, id)));

    [Fact]
    public void Uncommitted_entries_are_dropped_and_every_other_member_is_removed_after_the_commit()
    {
        var entries = new List<Entry> { Normal(11), Conf(12, ConfChangeType.AddLearnerNode, 4), Normal(13), Normal(14), Conf(15, ConfChangeType.AddNode, 5) };
        var result = ForceNewCluster.Rewrite(new ConfState([1, 2, 3]), entries, new HardState(2, 2, 13), startIndex: 10, self: 1);

        Assert.Equal([11UL, 12, 13, 14, 15, 16], result.Entries.Select(e => e.Index));
        Assert.Equal([2UL, 3, 4], result.Removed); // 5 was never committed: its AddNode at 15 is overwritten
        var removals = result.Appended.Select(e => RaftCodec.DecodeConfChange(e.Data.Span, out _)).ToList();
        Assert.All(removals, c => Assert.Equal(ConfChangeType.RemoveNode, c.Type));
        Assert.Equal([2UL, 3, 4], removals.Select(c => c.NodeId));
        Assert.Equal(new HardState(2, 2, 16), result.HardState);
    }

    [Fact]
    public void A_member_already_alone_gets_no_conf_change_and_keeps_its_commit()
    {
        var result = ForceNewCluster.Rewrite(new ConfState([7]), [Normal(3), Normal(4)], new HardState(2, 7, 4), startIndex: 2, self: 7);
        Assert.Empty(result.Appended);
        Assert.Equal(4UL, result.HardState.Commit);
    }
}
