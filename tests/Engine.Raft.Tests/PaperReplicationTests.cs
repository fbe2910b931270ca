using Engine.Raft;

namespace Engine.Raft.Tests;

/// <summary>Raft paper §5.3 (log replication) and §5.4 (safety), driven only through Step and Tick.</summary>
public class PaperReplicationTests
{
    private static readonly ulong[] Three = [1, 2, 3];
    private static readonly byte[] Payload = "some data"u8.ToArray();

    private static Message AppResp(ulong from, ulong term, ulong index) =>
        new() { From = from, To = 1, Term = term, Type = MessageType.MsgAppResp, Index = index };

    /// <summary>A leader of term 1 over an empty log with its no-op at index 1 acknowledged by everyone.</summary>
    private static PaperNode StableLeader(ulong[] peers)
    {
        var n = new PaperNode(1, peers);
        n.BecomeLeader();
        n.ReadMessages();
        foreach (ulong p in peers.Where(p => p != 1)) n.Step(AppResp(p, n.Term, n.Core.Log.LastIndex()));
        n.ReadMessages();
        return n;
    }

    [Fact]
    public void Section_5_3_the_leader_appends_a_proposal_and_sends_AppendEntries_with_the_preceding_index_and_term()
    {
        PaperNode n = StableLeader(Three);
        ulong li = n.Core.Log.LastIndex();
        Assert.True(n.Node.Propose(Payload));
        Assert.Equal(li + 1, n.Core.Log.LastIndex());
        List<Message> apps = n.ReadMessages().Where(m => m.Type == MessageType.MsgApp).ToList();
        Assert.Equal(new ulong[] { 2, 3 }, apps.Select(m => m.To).Order());
        Assert.All(apps, m =>
        {
            Assert.Equal((li, 1UL, li), (m.Index, m.LogTerm, m.Commit));
            Entry e = Assert.Single(m.Entries);
            Assert.Equal((1UL, li + 1), (e.Term, e.Index));
            Assert.Equal(Payload, e.Data.ToArray());
        });
    }

    [Fact]
    public void Section_5_3_an_entry_commits_once_a_majority_stores_it_and_is_then_applied_by_the_leader()
    {
        PaperNode n = StableLeader([1, 2, 3, 4, 5]);
        n.Node.Propose(Payload);
        n.ReadMessages();
        ulong li = n.Core.Log.LastIndex();
        n.Step(AppResp(2, n.Term, li));
        Assert.Equal(li - 1, n.Core.Log.Committed);
        n.Step(AppResp(3, n.Term, li));
        Assert.Equal(li, n.Core.Log.Committed);
        n.ReadMessages();
        Assert.Equal(Payload, n.AppliedEntries[^1].Data.ToArray());
    }

    [Fact]
    public void Section_5_3_committing_an_entry_commits_all_preceding_entries_in_the_leaders_log()
    {
        // The follower logs hold earlier-term entries; once the current-term entry commits, so do they.
        var n = new PaperNode(1, Three, logTerms: [1, 2], term: 2);
        n.BecomeLeader();
        n.ReadMessages();
        n.Node.Propose(Payload);
        n.ReadMessages();
        ulong li = n.Core.Log.LastIndex();
        n.Step(AppResp(2, n.Term, li));
        Assert.Equal(li, n.Core.Log.Committed);
        n.ReadMessages();
        Assert.Equal(new ulong[] { 1, 2, 3, 4 }, n.AppliedEntries.Select(e => e.Index));
    }

    [Fact]
    public void Section_5_3_a_follower_applies_entries_once_it_learns_they_are_committed()
    {
        var n = new PaperNode(1, Three, term: 1);
        Entry[] ents = [new Entry(1, 1, EntryType.Normal, Payload), new Entry(1, 2, EntryType.Normal, Payload)];
        n.Step(new Message { From = 2, To = 1, Term = 1, Type = MessageType.MsgApp, Index = 0, LogTerm = 0, Entries = ents, Commit = 1 });
        n.ReadMessages();
        Assert.Equal(new ulong[] { 1 }, n.AppliedEntries.Select(e => e.Index));
        n.Step(new Message { From = 2, To = 1, Term = 1, Type = MessageType.MsgHeartbeat, Commit = 2 });
        n.ReadMessages();
        Assert.Equal(new ulong[] { 1, 2 }, n.AppliedEntries.Select(e => e.Index));
    }

    [Theory]
    [InlineData(0UL, 0UL, false)]
    [InlineData(1UL, 1UL, false)]
    [InlineData(2UL, 2UL, false)]
    [InlineData(2UL, 1UL, true)]  // term mismatch at index 2
    [InlineData(3UL, 3UL, true)]  // index 3 missing
    public void Section_5_3_a_follower_rejects_AppendEntries_whose_preceding_entry_it_does_not_have(ulong index, ulong logTerm, bool reject)
    {
        var n = new PaperNode(1, Three, logTerms: [1, 2], term: 2);
        n.Step(new Message { From = 2, To = 1, Term = 2, Type = MessageType.MsgApp, Index = index, LogTerm = logTerm });
        Message resp = Assert.Single(n.ReadMessages());
        Assert.Equal((MessageType.MsgAppResp, reject), (resp.Type, resp.Reject));
        if (reject) Assert.Equal(index, resp.Index);
    }

    [Theory]
    [InlineData(2UL, 2UL, new ulong[] { 3 }, new ulong[] { 1, 2, 3 })]       // append after
    [InlineData(1UL, 1UL, new ulong[] { 3, 4 }, new ulong[] { 1, 3, 4 })]    // conflict deletes the rest
    [InlineData(0UL, 0UL, new ulong[] { 1 }, new ulong[] { 1, 2 })]          // matching entry keeps the rest
    [InlineData(0UL, 0UL, new ulong[] { 1, 1, 1 }, new ulong[] { 1, 1, 1 })] // conflict at 2
    public void Section_5_3_a_follower_deletes_a_conflicting_entry_and_all_that_follow_then_appends(ulong index, ulong logTerm, ulong[] terms, ulong[] expected)
    {
        var n = new PaperNode(1, Three, logTerms: [1, 2], term: 2);
        Entry[] ents = terms.Select((t, i) => new Entry(t, index + 1 + (ulong)i)).ToArray();
        n.Step(new Message { From = 2, To = 1, Term = 3, Type = MessageType.MsgApp, Index = index, LogTerm = logTerm, Entries = ents });
        n.ReadMessages();
        Assert.Equal(expected, n.LogEntries().Select(e => e.Term));
    }

    public static TheoryData<ulong[]> DivergentFollowerLogs() => new()
    {
        // The leader's log (figure 7 of the paper): 1 1 1 4 4 5 5 6 6 6
        new ulong[] { 1, 1, 1, 4, 4, 5, 5, 6, 6 },                // (a) missing entries
        new ulong[] { 1, 1, 1, 4 },                               // (b)
        new ulong[] { 1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6 },          // (c) extra uncommitted entry
        new ulong[] { 1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7 },       // (d) extra entries from a later term
        new ulong[] { 1, 1, 1, 4, 4, 4, 4 },                      // (e)
        new ulong[] { 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3 },          // (f)
    };

    [Theory]
    [MemberData(nameof(DivergentFollowerLogs))]
    public void Section_5_3_figure_7_the_leader_brings_any_divergent_follower_log_into_consistency_with_its_own(ulong[] followerTerms)
    {
        ulong[] leaderTerms = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
        var leader = new PaperNode(1, Three, logTerms: leaderTerms, term: 8);
        var follower = new PaperNode(2, Three, logTerms: followerTerms, term: 7);
        leader.BecomeLeader();
        // Node 3 stays silent; exchange messages between 1 and 2 until quiet.
        for (int round = 0; round < 100; round++)
        {
            List<Message> fromLeader = leader.ReadMessages().Where(m => m.To == 2).ToList();
            foreach (Message m in fromLeader) follower.Step(m);
            List<Message> fromFollower = follower.ReadMessages().Where(m => m.To == 1).ToList();
            foreach (Message m in fromFollower) leader.Step(m);
            if (fromLeader.Count == 0 && fromFollower.Count == 0) break;
        }

        Assert.Equal(leader.LogEntries().Select(e => (e.Index, e.Term)), follower.LogEntries().Select(e => (e.Index, e.Term)));
        Assert.Equal(11UL, leader.Core.Log.Committed);
    }

    [Fact]
    public void Section_5_4_2_a_leader_never_commits_an_earlier_term_entry_by_counting_replicas()
    {
        var n = new PaperNode(1, Three, logTerms: [1, 2], term: 2);
        n.BecomeLeader(); // term 3, no-op at index 3
        n.ReadMessages();
        // A majority acknowledges index 2 (an entry of term 2): it must not commit.
        n.Step(AppResp(2, n.Term, 2));
        Assert.Equal(0UL, n.Core.Log.Committed);
        // Once the term-3 no-op is on a majority, everything up to it commits.
        n.Step(AppResp(2, n.Term, 3));
        Assert.Equal(3UL, n.Core.Log.Committed);
    }

    [Fact]
    public void Section_5_4_3_an_elected_leader_holds_every_entry_committed_in_earlier_terms()
    {
        // Node 1 has the committed entry (1,2); node 3 lacks it and cannot win a vote from node 1 or node 2.
        var n1 = new PaperNode(1, Three, logTerms: [1, 1], term: 1);
        var n3 = new PaperNode(3, Three, logTerms: [1], term: 1);
        n3.Node.Campaign();
        foreach (Message vote in n3.ReadMessages().Where(m => m.To == 1)) n1.Step(vote);
        Message resp = Assert.Single(n1.ReadMessages());
        Assert.True(resp.Reject);
        n3.Step(resp);
        Assert.NotEqual(StateType.Leader, n3.State);
    }
}
