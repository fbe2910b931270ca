using System.Text;
using Engine.Raft;

namespace Engine.Raft.Tests;

/// <summary>Scenarios over an in-memory network (etcd raft_test.go style): elections, CheckQuorum, snapshots, ReadIndex.</summary>
public class ScenarioTests
{
    private static Network Elect(int size, NodeOptions? options = null, ulong leader = 1)
    {
        var net = new Network(size, options);
        net.Campaign(leader);
        Assert.Equal(StateType.Leader, net[leader].Core.State);
        return net;
    }

    [Fact]
    public void Election_without_prevote_elects_exactly_one_leader_that_all_nodes_follow()
    {
        var net = new Network(3);
        net.TickAll(25);
        ulong leader = Assert.IsType<ulong>(net.Leader());
        Assert.All(net.Nodes.Values, n => Assert.Equal(leader, n.Core.Lead));
        Assert.Single(net.Nodes.Values, n => n.Core.State == StateType.Leader);
    }

    [Fact]
    public void Election_with_prevote_elects_a_leader_and_the_term_rises_by_exactly_one()
    {
        var net = new Network(3, new NodeOptions(PreVote: true));
        ulong before = net[1].Core.Term;
        net.TickAll(25);
        ulong leader = Assert.IsType<ulong>(net.Leader());
        Assert.All(net.Nodes.Values, n => Assert.Equal((leader, before + 1), (n.Core.Lead, n.Core.Term)));
    }

    [Fact]
    public void Without_prevote_a_rejoining_partitioned_node_disrupts_the_leader_with_its_higher_term()
    {
        Network net = Elect(3);
        net.Isolate(3);
        for (int i = 0; i < 50; i++) { net[3].Node.Tick(); net.Stabilize(); }
        Assert.True(net[3].Core.Term > net[1].Core.Term);
        net.Heal();
        net.TickAll(1);
        net.TickAll(30);
        Assert.True(net[1].Core.Term >= net[3].Core.Term - 1, "terms converge after the disruption");
        Assert.NotEqual(2UL, net[1].Core.Term); // the old leader's term 2 was abandoned
    }

    [Fact]
    public void PreVote_a_partitioned_node_does_not_bump_its_term_and_does_not_disrupt_the_leader_on_rejoin()
    {
        Network net = Elect(3, new NodeOptions(PreVote: true));
        ulong term = net[1].Core.Term;
        net.Isolate(3);
        for (int i = 0; i < 50; i++) { net[3].Node.Tick(); net.Stabilize(); }
        Assert.Equal(term, net[3].Core.Term);
        Assert.Equal(StateType.PreCandidate, net[3].Core.State);
        net.Heal();
        net.TickAll(5);
        Assert.Equal(StateType.Leader, net[1].Core.State);
        Assert.All(net.Nodes.Values, n => Assert.Equal(term, n.Core.Term));
    }

    [Fact]
    public void CheckQuorum_a_partitioned_leader_steps_down_within_two_election_timeouts()
    {
        Network net = Elect(3, new NodeOptions(CheckQuorum: true));
        net.Isolate(1);
        // The first check may still count the followers heard from before the partition; the second cannot.
        for (int i = 0; i < 20; i++) { net[1].Node.Tick(); net.Stabilize(); } // electionTick = 10
        Assert.Equal(StateType.Follower, net[1].Core.State);
        Assert.Equal(0UL, net[1].Core.Lead);
    }

    [Fact]
    public void CheckQuorum_followers_that_hear_from_the_leader_ignore_a_disruptive_vote_request()
    {
        Network net = Elect(3, new NodeOptions(CheckQuorum: true));
        ulong term = net[1].Core.Term;
        net[2].Node.Step(new Message { From = 3, To = 2, Type = MessageType.MsgVote, Term = term + 5, Index = 100, LogTerm = term + 4 });
        net.Stabilize();
        Assert.Equal(term, net[2].Core.Term);
        Assert.Equal(1UL, net[2].Core.Lead);
    }

    [Fact]
    public void A_lagging_follower_whose_entries_were_compacted_catches_up_by_snapshot()
    {
        Network net = Elect(3);
        net.Isolate(3);
        for (int i = 0; i < 20; i++) net.Propose(1, $"v{i}");
        net[1].SnapshotAndCompact();
        Assert.True(net[1].Storage.FirstIndex() > net[3].Storage.LastIndex() + 1);
        net.Heal();
        net.Propose(1, "after");
        net.TickAll(3);
        Assert.Equal(net[1].AppliedIndex, net[3].AppliedIndex);
        Assert.Equal(net[1].Storage.Snapshot().Metadata.Index, net[3].Storage.Snapshot().Metadata.Index);
    }

    [Fact]
    public void ReadIndex_on_the_leader_returns_the_commit_index_after_a_heartbeat_quorum()
    {
        Network net = Elect(3);
        net.Propose(1, "x");
        byte[] ctx = "read-1"u8.ToArray();
        net[1].Node.ReadIndex(ctx);
        net.Stabilize();
        ReadState rs = Assert.Single(net[1].ReadStates);
        Assert.Equal(net[1].Core.Log.Committed, rs.Index);
        Assert.Equal(ctx, rs.RequestCtx.ToArray());
    }

    [Fact]
    public void ReadIndex_on_a_follower_is_forwarded_and_answered_with_the_leaders_commit_index()
    {
        Network net = Elect(3);
        net.Propose(1, "x");
        net[2].Node.ReadIndex("f"u8.ToArray());
        net.Stabilize();
        ReadState rs = Assert.Single(net[2].ReadStates);
        Assert.Equal(net[1].Core.Log.Committed, rs.Index);
    }

    [Fact]
    public void ReadIndex_is_withheld_by_a_new_leader_until_an_entry_of_its_term_commits()
    {
        Network net = Elect(3);
        net.Isolate(2);
        net.Isolate(3);
        net[1].Node.ReadIndex("early"u8.ToArray());
        net.Stabilize();
        Assert.Empty(net[1].ReadStates);
    }

    [Fact]
    public void ReadIndex_under_a_partitioned_stale_leader_never_returns_a_stale_index()
    {
        Network net = Elect(3);
        net.Propose(1, "old");
        net.Isolate(1);
        net.Campaign(2);
        Assert.Equal(StateType.Leader, net[2].Core.State);
        for (int i = 0; i < 5; i++) net.Propose(2, $"new{i}");
        ulong newCommit = net[2].Core.Log.Committed;
        // The stale leader still believes it leads (no CheckQuorum) and is asked for a read.
        Assert.Equal(StateType.Leader, net[1].Core.State);
        net[1].Node.ReadIndex("stale?"u8.ToArray());
        for (int i = 0; i < 30; i++) { net[1].Node.Tick(); net.Stabilize(); }
        Assert.Empty(net[1].ReadStates);
        net.Heal();
        net.TickAll(30);
        Assert.All(net[1].ReadStates, rs => Assert.True(rs.Index >= newCommit, $"stale read index {rs.Index} < {newCommit}"));
    }

    [Fact]
    public void Proposals_on_a_follower_are_forwarded_to_the_leader_and_applied_everywhere()
    {
        Network net = Elect(3);
        Assert.True(net.Propose(3, "from-follower"));
        Assert.All(net.Nodes.Values, n => Assert.Equal("from-follower", Encoding.UTF8.GetString(n.Applied[^1].Data)));
    }

    [Fact]
    public void A_proposal_with_no_known_leader_is_dropped()
    {
        var net = new Network(3);
        Assert.False(net[2].Node.Propose("x"u8.ToArray()));
    }
}
