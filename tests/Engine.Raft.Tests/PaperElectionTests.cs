using Engine.Raft;

namespace Engine.Raft.Tests;

/// <summary>
/// Raft paper §5.1–§5.2 (basics and leader election), one test per claim, driven only through Step and Tick
/// (the structure follows etcd's raft_paper_test.go: init a node, feed it input, check its state and output).
/// </summary>
public class PaperElectionTests
{
    private static readonly ulong[] Three = [1, 2, 3];

    [Theory]
    [InlineData(StateType.Follower)]
    [InlineData(StateType.Candidate)]
    [InlineData(StateType.Leader)]
    public void Section_5_1_a_server_seeing_a_larger_term_updates_its_term_and_reverts_to_follower(StateType start)
    {
        var n = new PaperNode(1, Three);
        if (start == StateType.Candidate) n.Node.Campaign();
        if (start == StateType.Leader) n.BecomeLeader();
        ulong term = n.Term;
        n.Step(new Message { From = 2, To = 1, Type = MessageType.MsgApp, Term = term + 1 });
        Assert.Equal(term + 1, n.Term);
        Assert.Equal(StateType.Follower, n.State);
        Assert.Equal(2UL, n.Core.Lead);
    }

    [Fact]
    public void Section_5_1_a_request_with_a_stale_term_is_rejected_and_changes_nothing()
    {
        var n = new PaperNode(1, Three, logTerms: [1, 2], term: 2);
        n.ReadMessages();
        n.Step(new Message { From = 2, To = 1, Type = MessageType.MsgApp, Term = 1, Index = 2, LogTerm = 2, Entries = [new Entry(1, 3)], Commit = 3 });
        Assert.Equal(2UL, n.Term);
        Assert.Equal(2UL, n.Core.Log.LastIndex());
        Assert.Equal(0UL, n.Core.Log.Committed);
    }

    [Fact]
    public void Section_5_2_servers_start_as_followers()
    {
        var n = new PaperNode(1, Three);
        Assert.Equal(StateType.Follower, n.State);
        Assert.Empty(n.ReadMessages());
    }

    [Fact]
    public void Section_5_2_a_leader_sends_heartbeats_to_all_followers_every_heartbeat_interval()
    {
        var n = new PaperNode(1, Three, heartbeatTick: 2);
        n.BecomeLeader();
        n.ReadMessages();
        n.Tick();
        Assert.DoesNotContain(n.ReadMessages(), m => m.Type == MessageType.MsgHeartbeat);
        n.Tick();
        List<Message> beats = n.ReadMessages().Where(m => m.Type == MessageType.MsgHeartbeat).ToList();
        Assert.Equal(new ulong[] { 2, 3 }, beats.Select(m => m.To).Order());
        Assert.All(beats, m => Assert.Equal(n.Term, m.Term));
    }

    [Theory]
    [InlineData(StateType.Follower)]
    [InlineData(StateType.Candidate)]
    public void Section_5_2_on_election_timeout_a_server_increments_its_term_votes_for_itself_and_requests_votes(StateType start)
    {
        var n = new PaperNode(1, Three, electionTick: 10);
        if (start == StateType.Candidate) n.Node.Campaign();
        n.ReadMessages();
        ulong term = n.Term;
        n.Tick(20); // at most 2 * electionTick
        Assert.Equal(StateType.Candidate, n.State);
        Assert.Equal(term + 1, n.Term);
        Assert.Equal(1UL, n.Core.Vote);
        List<Message> votes = n.ReadMessages().Where(m => m.Type == MessageType.MsgVote).ToList();
        Assert.Equal(new ulong[] { 2, 3 }, votes.Select(m => m.To).Order());
        Assert.All(votes, m => Assert.Equal(term + 1, m.Term));
    }

    [Theory]
    [InlineData(1, new ulong[0], new ulong[0], StateType.Leader)]
    [InlineData(3, new ulong[] { 2, 3 }, new ulong[0], StateType.Leader)]
    [InlineData(3, new ulong[] { 2 }, new ulong[0], StateType.Leader)]
    [InlineData(5, new ulong[] { 2, 3, 4, 5 }, new ulong[0], StateType.Leader)]
    [InlineData(5, new ulong[] { 2, 3 }, new ulong[0], StateType.Leader)]
    [InlineData(3, new ulong[0], new ulong[0], StateType.Candidate)]
    [InlineData(5, new ulong[] { 2 }, new ulong[0], StateType.Candidate)]
    [InlineData(3, new ulong[0], new ulong[] { 2, 3 }, StateType.Follower)]
    [InlineData(5, new ulong[] { 2 }, new ulong[] { 3, 4, 5 }, StateType.Follower)]
    public void Section_5_2_a_candidate_wins_with_votes_from_a_majority_and_falls_back_when_a_majority_rejects(
        int size, ulong[] granted, ulong[] rejected, StateType expected)
    {
        ulong[] peers = Enumerable.Range(1, size).Select(i => (ulong)i).ToArray();
        var n = new PaperNode(1, peers);
        n.Node.Campaign();
        foreach (ulong g in granted) n.Step(new Message { From = g, To = 1, Term = n.Term, Type = MessageType.MsgVoteResp });
        foreach (ulong r in rejected) n.Step(new Message { From = r, To = 1, Term = n.Term, Type = MessageType.MsgVoteResp, Reject = true });
        Assert.Equal(expected, n.State);
        Assert.Equal(1UL, n.Term);
    }

    [Theory]
    [InlineData(0UL, 2UL, false)]
    [InlineData(0UL, 3UL, false)]
    [InlineData(2UL, 2UL, false)]
    [InlineData(3UL, 3UL, false)]
    [InlineData(2UL, 3UL, true)]
    [InlineData(3UL, 2UL, true)]
    public void Section_5_2_each_server_votes_for_at_most_one_candidate_per_term_first_come_first_served(ulong votedFor, ulong candidate, bool reject)
    {
        var n = new PaperNode(1, Three, term: 1);
        if (votedFor != 0)
        {
            n.Step(new Message { From = votedFor, To = 1, Term = 1, Type = MessageType.MsgVote });
            n.ReadMessages();
        }

        n.Step(new Message { From = candidate, To = 1, Term = 1, Type = MessageType.MsgVote });
        Message resp = Assert.Single(n.ReadMessages());
        Assert.Equal((MessageType.MsgVoteResp, candidate, reject), (resp.Type, resp.To, resp.Reject));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    public void Section_5_2_a_candidate_hearing_from_a_leader_with_at_least_its_term_becomes_follower(ulong termDelta)
    {
        var n = new PaperNode(1, Three);
        n.Node.Campaign();
        Assert.Equal(StateType.Candidate, n.State);
        ulong term = n.Term + termDelta;
        n.Step(new Message { From = 2, To = 1, Term = term, Type = MessageType.MsgApp });
        Assert.Equal(StateType.Follower, n.State);
        Assert.Equal(term, n.Term);
        Assert.Equal(2UL, n.Core.Lead);
    }

    [Theory]
    [InlineData(StateType.Follower)]
    [InlineData(StateType.Candidate)]
    public void Section_5_2_election_timeouts_are_randomized_over_electionTick_to_twice_electionTick(StateType start)
    {
        var seen = new HashSet<int>();
        for (int seed = 1; seed <= 200; seed++)
        {
            var n = new PaperNode(1, Three, electionTick: 10, seed: seed);
            if (start == StateType.Candidate) n.Node.Campaign();
            ulong term = n.Term;
            int ticks = 0;
            while (n.Term == term)
            {
                n.Tick();
                ticks++;
            }

            Assert.InRange(ticks, 10, 19);
            seen.Add(ticks);
        }

        Assert.True(seen.Count >= 8, $"only {seen.Count} distinct timeouts");
    }

    [Fact]
    public void Section_5_2_randomized_timeouts_mean_usually_only_one_server_times_out_first()
    {
        int conflicts = 0;
        const int rounds = 1000;
        for (int round = 0; round < rounds; round++)
        {
            var nodes = Three.Select(id => new PaperNode(id, Three, seed: round * 3 + (int)id)).ToArray();
            int firstTimeouts = 0;
            while (firstTimeouts == 0)
            {
                foreach (PaperNode n in nodes) n.Tick();
                firstTimeouts = nodes.Count(n => n.State == StateType.Candidate);
            }

            if (firstTimeouts > 1) conflicts++;
        }

        Assert.True(conflicts < rounds * 0.3, $"{conflicts} of {rounds} rounds had simultaneous timeouts");
    }

    [Theory]
    [InlineData(2UL, 2UL, false)] // same last term, same length
    [InlineData(2UL, 3UL, false)] // same last term, longer
    [InlineData(2UL, 1UL, true)]  // same last term, shorter
    [InlineData(3UL, 1UL, false)] // later last term
    [InlineData(1UL, 5UL, true)]  // earlier last term, longer
    public void Section_5_4_1_a_voter_denies_its_vote_when_its_own_log_is_more_up_to_date(ulong lastTerm, ulong lastIndex, bool reject)
    {
        var n = new PaperNode(1, Three, logTerms: [1, 2]);
        n.Step(new Message { From = 2, To = 1, Term = 3, Type = MessageType.MsgVote, LogTerm = lastTerm, Index = lastIndex });
        Message resp = Assert.Single(n.ReadMessages());
        Assert.Equal(MessageType.MsgVoteResp, resp.Type);
        Assert.Equal(reject, resp.Reject);
    }

    [Fact]
    public void Section_5_4_1_a_vote_request_carries_the_candidates_last_log_index_and_term()
    {
        var n = new PaperNode(1, Three, logTerms: [1, 1, 2], term: 2);
        n.Node.Campaign();
        List<Message> votes = n.ReadMessages().Where(m => m.Type == MessageType.MsgVote).ToList();
        Assert.Equal(2, votes.Count);
        Assert.All(votes, m => Assert.Equal((3UL, 3UL, 2UL), (m.Term, m.Index, m.LogTerm)));
    }
}
