using Engine.Raft;

namespace Engine.Raft.Tests;

/// <summary>
/// An in-memory network of <see cref="TestNode"/>s for scenario tests: messages are queued, delivered in
/// order, and can be dropped by cutting links or isolating nodes.
/// </summary>
internal sealed class Network
{
    private readonly HashSet<(ulong From, ulong To)> _cut = [];
    private readonly Queue<Message> _queue = new();

    public Network(int count, NodeOptions? options = null)
    {
        ulong[] ids = Enumerable.Range(1, count).Select(i => (ulong)i).ToArray();
        foreach (ulong id in ids) Nodes[id] = TestNode.Bootstrap(id, ids, options);
    }

    public Dictionary<ulong, TestNode> Nodes { get; } = [];

    public TestNode this[ulong id] => Nodes[id];

    /// <summary>Messages that were dropped, for assertions.</summary>
    public List<Message> Dropped { get; } = [];

    public Func<Message, bool>? Filter { get; set; }

    public void Add(TestNode node) => Nodes[node.Id] = node;

    public void Cut(ulong a, ulong b)
    {
        _cut.Add((a, b));
        _cut.Add((b, a));
    }

    public void Isolate(ulong id)
    {
        foreach (ulong other in Nodes.Keys) if (other != id) Cut(id, other);
    }

    public void Heal() => _cut.Clear();

    /// <summary>Processes every Ready and delivers every message until nothing moves.</summary>
    public void Stabilize(int maxRounds = 10_000)
    {
        for (int round = 0; round < maxRounds; round++)
        {
            bool moved = false;
            foreach (TestNode n in Nodes.Values.OrderBy(n => n.Id))
            {
                foreach (Message m in n.HandleReady())
                {
                    _queue.Enqueue(m);
                    moved = true;
                }
            }

            while (_queue.TryDequeue(out Message? m))
            {
                moved = true;
                Deliver(m);
            }

            if (!moved) return;
        }

        throw new InvalidOperationException("network did not stabilize");
    }

    public void Deliver(Message m)
    {
        if (_cut.Contains((m.From, m.To)) || !Nodes.TryGetValue(m.To, out TestNode? target) || (Filter is not null && !Filter(m)))
        {
            Dropped.Add(m);
            return;
        }

        if (m.Type == MessageType.MsgSnap)
        {
            // The transport reports the snapshot as delivered.
            target.Node.Step(m);
            Nodes[m.From].Node.ReportSnapshot(m.To, SnapshotStatus.Finish);
            return;
        }

        target.Node.Step(m);
    }

    /// <summary>Ticks every node once, then stabilizes.</summary>
    public void TickAll(int ticks = 1)
    {
        for (int i = 0; i < ticks; i++)
        {
            foreach (TestNode n in Nodes.Values.OrderBy(n => n.Id)) n.Node.Tick();
            Stabilize();
        }
    }

    public void Campaign(ulong id)
    {
        Nodes[id].Node.Campaign();
        Stabilize();
    }

    public bool Propose(ulong id, string data)
    {
        bool ok = Nodes[id].Node.Propose(System.Text.Encoding.UTF8.GetBytes(data));
        Stabilize();
        return ok;
    }

    public ulong? Leader()
    {
        ulong[] leaders = Nodes.Values.Where(n => n.Core.State == StateType.Leader).Select(n => n.Id).ToArray();
        return leaders.Length == 0 ? null : leaders.MaxBy(id => Nodes[id].Core.Term);
    }
}
