using Engine.Raft;

namespace Engine.Raft.Tests;

/// <summary>
/// A single raft node driven only through Step and Tick, as in etcd's raft_paper_test.go: it starts with a
/// given log and term, and its output is read from Ready (persisted into its MemoryStorage, then Advance).
/// </summary>
internal sealed class PaperNode
{
    private sealed class FixedState(HardState hard, ConfState conf) : IStateStorage
    {
        public (HardState HardState, ConfState ConfState) InitialState() => (hard, conf);
    }

    public PaperNode(ulong id, ulong[] peers, ulong[]? logTerms = null, ulong term = 0, int electionTick = 10, int heartbeatTick = 1,
        bool preVote = false, bool checkQuorum = false, ulong[]? learners = null, int seed = 1)
    {
        Storage = new MemoryStorage();
        logTerms ??= [];
        Storage.Append(logTerms.Select((t, i) => new Entry(t, (ulong)i + 1)).ToArray());
        Node = new RawNode(new RaftConfig
        {
            Id = id,
            ElectionTick = electionTick,
            HeartbeatTick = heartbeatTick,
            LogStorage = Storage,
            StateStorage = new FixedState(new HardState(term, 0, 0), new ConfState(peers, learners)),
            PreVote = preVote,
            CheckQuorum = checkQuorum,
            Random = new Random(seed),
        });
    }

    public MemoryStorage Storage { get; }

    public RawNode Node { get; }

    internal RaftCore Core => Node.Core;

    public List<Entry> AppliedEntries { get; } = [];

    public ulong Term => Core.Term;

    public StateType State => Core.State;

    /// <summary>Handles every pending Ready and returns the messages, as the application would send them.</summary>
    public List<Message> ReadMessages()
    {
        var messages = new List<Message>();
        while (Node.HasReady())
        {
            Ready rd = Node.Ready();
            if (rd.Snapshot is { } s) Storage.ApplySnapshot(s);
            Storage.Append(rd.Entries);
            if (rd.HardState is { } hs) Storage.SetHardState(hs);
            messages.AddRange(rd.Messages);
            AppliedEntries.AddRange(rd.CommittedEntries);
            Node.Advance();
        }

        return messages;
    }

    public void Step(Message m) => Node.Step(m);

    public void Tick(int n = 1)
    {
        for (int i = 0; i < n; i++) Node.Tick();
    }

    /// <summary>Makes this node leader of the next term by campaigning and stepping granted votes from every other voter.</summary>
    public void BecomeLeader()
    {
        Node.Campaign();
        ulong term = Core.Term;
        foreach (ulong peer in Core.Tracker.Voters.Where(v => v != Core.Id).ToArray())
        {
            Node.Step(new Message { From = peer, To = Core.Id, Term = term, Type = MessageType.MsgVoteResp });
        }

        if (Core.State != StateType.Leader) throw new InvalidOperationException("did not become leader");
    }

    public Entry[] LogEntries()
    {
        ulong first = Core.Log.FirstIndex();
        ulong last = Core.Log.LastIndex();
        return Core.Log.TrySlice(first, last + 1, ulong.MaxValue, out Entry[] e) ? e : throw new InvalidOperationException();
    }
}
