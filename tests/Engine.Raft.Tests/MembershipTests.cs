using Engine.Raft;

namespace Engine.Raft.Tests;

/// <summary>Raft paper §6 (cluster membership changes, single-step as in the raft thesis §4.1–§4.3) and leader transfer (thesis §3.10).</summary>
public class MembershipTests
{
    private static Network Elect(int size, NodeOptions? options = null)
    {
        var net = new Network(size, options);
        net.Campaign(1);
        return net;
    }

    private static void ProposeChange(Network net, ulong on, ConfChangeType type, ulong node)
    {
        Assert.True(net[on].Node.ProposeConfChange(new ConfChange(type, node)));
        net.Stabilize();
    }

    [Fact]
    public void Section_6_a_new_server_joins_as_a_non_voting_learner_that_replicates_but_does_not_count_for_commit()
    {
        Network net = Elect(3);
        net.Add(TestNode.Joining(4));
        ProposeChange(net, 1, ConfChangeType.AddLearnerNode, 4);
        net.Propose(1, "a");
        Assert.Equal(net[1].AppliedIndex, net[4].AppliedIndex);
        Assert.Equal(new ulong[] { 4 }, net[1].LastConfState!.Learners);
        // With two voters cut off, the leader and the learner are not a quorum: nothing commits.
        net.Isolate(2);
        net.Isolate(3);
        ulong committed = net[1].Core.Log.Committed;
        net.Propose(1, "b");
        Assert.Equal(committed, net[1].Core.Log.Committed);
        Assert.Equal(net[1].Core.Log.LastIndex(), net[4].Core.Log.LastIndex());
    }

    [Fact]
    public void Section_6_a_learner_never_campaigns_even_after_many_election_timeouts()
    {
        Network net = Elect(3);
        net.Add(TestNode.Joining(4));
        ProposeChange(net, 1, ConfChangeType.AddLearnerNode, 4);
        net.Isolate(4);
        ulong term = net[4].Core.Term;
        for (int i = 0; i < 100; i++) { net[4].Node.Tick(); net.Stabilize(); }
        Assert.Equal((term, StateType.Follower), (net[4].Core.Term, net[4].Core.State));
    }

    [Fact]
    public void Section_6_a_promoted_learner_becomes_a_voter_and_can_be_elected()
    {
        Network net = Elect(3);
        net.Add(TestNode.Joining(4));
        ProposeChange(net, 1, ConfChangeType.AddLearnerNode, 4);
        ProposeChange(net, 1, ConfChangeType.AddNode, 4);
        Assert.Equal(new ulong[] { 1, 2, 3, 4 }, net[4].LastConfState!.Voters);
        Assert.Empty(net[4].LastConfState!.Learners);
        net.Campaign(4);
        Assert.Equal(StateType.Leader, net[4].Core.State);
    }

    [Fact]
    public void Section_6_removing_a_voter_shrinks_the_quorum()
    {
        Network net = Elect(3);
        ProposeChange(net, 1, ConfChangeType.RemoveNode, 3);
        net.Isolate(3);
        net.Propose(1, "two-node quorum");
        Assert.Equal("two-node quorum", System.Text.Encoding.UTF8.GetString(net[2].Applied[^1].Data));
    }

    [Fact]
    public void Section_6_a_leader_removed_from_the_configuration_steps_down_and_the_rest_elect_a_new_leader()
    {
        Network net = Elect(3);
        ProposeChange(net, 1, ConfChangeType.RemoveNode, 1);
        Assert.NotEqual(StateType.Leader, net[1].Core.State);
        net.Isolate(1);
        net.TickAll(30);
        ulong leader = Assert.IsType<ulong>(net.Leader());
        Assert.NotEqual(1UL, leader);
    }

    [Fact]
    public void Thesis_4_1_only_one_conf_change_may_be_pending_a_second_becomes_a_noop()
    {
        Network net = Elect(3);
        net.Isolate(2);
        net.Isolate(3);
        Assert.True(net[1].Node.ProposeConfChange(new ConfChange(ConfChangeType.AddLearnerNode, 4)));
        Assert.True(net[1].Node.ProposeConfChange(new ConfChange(ConfChangeType.AddLearnerNode, 5)));
        net.Stabilize();
        Entry[] tail = net[1].Core.Log.TrySlice(net[1].Core.Log.LastIndex() - 1, net[1].Core.Log.LastIndex() + 1, ulong.MaxValue, out Entry[] e) ? e : [];
        Assert.Equal(new[] { EntryType.ConfChange, EntryType.Normal }, tail.Select(x => x.Type));
        Assert.True(tail[1].Data.IsEmpty);
    }

    [Fact]
    public void Thesis_3_10_leader_transfer_to_an_up_to_date_follower_makes_it_leader_in_the_next_term()
    {
        Network net = Elect(3);
        ulong term = net[1].Core.Term;
        net[1].Node.TransferLeadership(2);
        net.Stabilize();
        Assert.Equal(StateType.Leader, net[2].Core.State);
        Assert.Equal(term + 1, net[2].Core.Term);
        Assert.All(net.Nodes.Values, n => Assert.Equal(2UL, n.Core.Lead));
    }

    [Fact]
    public void Thesis_3_10_leader_transfer_to_a_lagging_follower_first_catches_it_up()
    {
        Network net = Elect(3);
        net.Isolate(3);
        for (int i = 0; i < 5; i++) net.Propose(1, $"x{i}");
        net.Heal();
        net[1].Node.TransferLeadership(3);
        net.Stabilize();
        Assert.Equal(StateType.Leader, net[3].Core.State);
        Assert.Equal(5, net[3].Applied.Count);
    }

    [Fact]
    public void Thesis_3_10_proposals_are_dropped_while_a_transfer_is_in_progress_and_the_transfer_aborts_after_an_election_timeout()
    {
        Network net = Elect(3);
        net.Isolate(3);
        net[1].Node.TransferLeadership(3);
        net.Stabilize();
        Assert.Equal(3UL, net[1].Core.LeadTransferee);
        Assert.False(net[1].Node.Propose("x"u8.ToArray()));
        for (int i = 0; i < 10; i++) { net[1].Node.Tick(); net.Stabilize(); }
        Assert.Equal(0UL, net[1].Core.LeadTransferee);
        Assert.True(net[1].Node.Propose("y"u8.ToArray()));
    }

    [Fact]
    public void Thesis_3_10_transfer_requested_on_a_follower_is_forwarded_to_the_leader()
    {
        Network net = Elect(3);
        net[2].Node.TransferLeadership(2);
        net.Stabilize();
        Assert.Equal(StateType.Leader, net[2].Core.State);
    }
}
