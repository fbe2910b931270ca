using Engine.Raft;

namespace Engine.Raft.Tests;

/// <summary>The RawNode API and the Ready contract (etcd rawnode_test.go).</summary>
public class RawNodeTests
{
    private static RawNode NewNode(MemoryStorage storage, ulong id = 1, ulong applied = 0) =>
        new(new RaftConfig { Id = id, Storage = storage, Applied = applied, Random = new Random(1) });

    private static Ready Persist(RawNode node, MemoryStorage storage)
    {
        Ready rd = node.Ready();
        if (rd.Snapshot is { } s) storage.ApplySnapshot(s);
        storage.Append(rd.Entries);
        if (rd.HardState is { } hs) storage.SetHardState(hs);
        foreach (Entry e in rd.CommittedEntries)
        {
            if (e.Type == EntryType.ConfChange) node.ApplyConfChange(RaftCodec.DecodeConfChange(e.Data.Span, out _));
        }

        node.Advance();
        return rd;
    }

    [Fact]
    public void Bootstrap_hands_out_one_committed_AddNode_entry_per_peer_to_persist_and_apply()
    {
        var storage = new MemoryStorage();
        RawNode node = NewNode(storage);
        node.Bootstrap([new Peer(1), new Peer(2), new Peer(3)]);
        Ready rd = Persist(node, storage);
        Assert.Equal(3, rd.Entries.Count);
        Assert.Equal(rd.Entries.Select(e => e.Index), rd.CommittedEntries.Select(e => e.Index));
        Assert.All(rd.Entries, e => Assert.Equal(EntryType.ConfChange, e.Type));
        Assert.Equal(new HardState(1, 0, 3), rd.HardState);
        Assert.True(rd.MustSync);
        Assert.Equal(new ulong[] { 1, 2, 3 }, node.Status().Config.Voters);
        Assert.False(node.HasReady());
        Assert.Throws<InvalidOperationException>(() => node.Bootstrap([new Peer(1)]));
    }

    [Fact]
    public void Ready_reports_hard_state_only_when_it_changed_and_MustSync_only_for_term_vote_or_entries()
    {
        var storage = new MemoryStorage();
        RawNode node = NewNode(storage);
        node.Bootstrap([new Peer(1)]);
        Persist(node, storage);
        node.Campaign();
        Ready rd = Persist(node, storage);
        Assert.Equal(StateType.Leader, rd.SoftState!.Value.RaftState);
        Assert.True(rd.MustSync);
        node.Propose("x"u8.ToArray());
        rd = Persist(node, storage);
        Assert.Single(rd.Entries);
        Assert.Null(rd.SoftState);
        Assert.False(node.HasReady());
        Assert.Equal(storage.LastIndex(), node.Status().Applied);
    }

    [Fact]
    public void A_restarted_node_recovers_term_vote_commit_and_configuration_from_storage_alone()
    {
        var storage = new MemoryStorage();
        RawNode node = NewNode(storage);
        node.Bootstrap([new Peer(1)]);
        Persist(node, storage);
        node.Campaign();
        Persist(node, storage);
        node.Propose("a"u8.ToArray());
        Persist(node, storage);
        HardState before = node.Status().HardState;
        storage.CreateSnapshot(before.Commit, new ConfState([1]), default);
        storage.Compact(before.Commit);

        RawNode restarted = NewNode(storage, applied: before.Commit);
        Status status = restarted.Status();
        Assert.Equal(before, status.HardState);
        Assert.Equal(StateType.Follower, status.SoftState.RaftState);
        restarted.Campaign();
        Persist(restarted, storage);
        Assert.Equal(StateType.Leader, restarted.Status().SoftState.RaftState);
        Assert.Equal(before.Term + 1, restarted.Status().HardState.Term);
    }

    [Fact]
    public void Stepping_a_local_message_type_is_refused_and_a_response_from_an_unknown_peer_is_dropped()
    {
        var storage = new MemoryStorage();
        RawNode node = NewNode(storage);
        node.Bootstrap([new Peer(1), new Peer(2)]);
        Persist(node, storage);
        Assert.Throws<ArgumentException>(() => node.Step(new Message { Type = MessageType.MsgHup }));
        Assert.False(node.Step(new Message { Type = MessageType.MsgAppResp, From = 9, To = 1, Term = 1 }));
    }

    [Fact]
    public void Advance_without_a_pending_Ready_is_a_programming_error()
    {
        RawNode node = NewNode(new MemoryStorage());
        Assert.Throws<InvalidOperationException>(node.Advance);
    }

    [Fact]
    public void Config_validation_rejects_id_zero_and_election_tick_not_above_heartbeat()
    {
        var storage = new MemoryStorage();
        Assert.Throws<ArgumentException>(() => new RawNode(new RaftConfig { Id = 0, Storage = storage }));
        Assert.Throws<ArgumentException>(() => new RawNode(new RaftConfig { Id = 1, Storage = storage, ElectionTick = 2, HeartbeatTick = 2 }));
    }
}
