using System.Buffers.Binary;
using Engine.Raft;

namespace Engine.Raft.Tests;

/// <summary>
/// A seeded randomized cluster: message drop, delay, reorder and duplication, partitions, crash/restart from
/// persisted state only, snapshots with log compaction. Safety invariants are checked as the run goes
/// (at most one leader per term, log matching, leader completeness, state-machine safety) and liveness at
/// the end (after healing, a new proposal commits everywhere). Everything derives from the seed.
/// </summary>
internal sealed class Simulation
{
    private sealed record InFlight(long DeliverAt, Message Message, int SenderIncarnation);

    private readonly Random random;
    private readonly int seed;
    private readonly List<TestNode> nodes = [];
    private readonly bool[] down;
    private readonly int[] incarnation;
    private readonly int[] group;
    private readonly List<InFlight> inFlight = [];
    private readonly Dictionary<ulong, ulong> leaderOfTerm = [];
    private readonly Dictionary<(ulong Index, ulong Term), (ulong Data, ulong PrevTerm)> written = [];
    private readonly Dictionary<ulong, (ulong Term, ulong Data)> applied = [];
    private readonly (ulong Term, StateType State)[] lastSeen;
    private readonly double dropRate;
    private readonly double duplicateRate;
    private readonly Dictionary<ulong, ulong> readIssuedAtCommit = [];
    private long now;
    private ulong nextRead = 1;
    private ulong nextProposal = 1;

    public Simulation(int seed, int size)
    {
        this.seed = seed;
        random = new Random(seed);
        var options = new NodeOptions(
            PreVote: random.Next(2) == 0,
            CheckQuorum: random.Next(2) == 0,
            Seed: seed,
            MaxSizePerMsg: (ulong)random.Next(1, 4) * 64,
            MaxInflight: random.Next(1, 5));
        Options = options;
        ulong[] ids = Enumerable.Range(1, size).Select(i => (ulong)i).ToArray();
        down = new bool[size];
        incarnation = new int[size];
        group = new int[size];
        lastSeen = new (ulong, StateType)[size];
        dropRate = random.NextDouble() * 0.2;
        duplicateRate = random.NextDouble() * 0.05;
        foreach (ulong id in ids)
        {
            var node = new TestNode(id, options, new MemoryStorage(), 0) { OnApply = CheckApply };
            node.Node.Bootstrap(ids.Select(p => new Peer(p)).ToArray());
            nodes.Add(node);
        }
    }

    public NodeOptions Options { get; }

    public int ReadsAnswered { get; private set; }

    public ulong MaxCommitted => applied.Count == 0 ? 0 : applied.Keys.Max();

    public void Run(int steps)
    {
        for (int step = 0; step < steps; step++)
        {
            now++;
            RandomAction();
            ProcessReadies();
            CheckLeaders();
        }

        HealAndCheckProgress();
    }

    private void RandomAction()
    {
        int roll = random.Next(1000);
        if (roll < 300) TickSome();
        else if (roll < 750) DeliverSome();
        else if (roll < 840) Propose();
        else if (roll < 870) ReadIndex();
        else if (roll < 890) Partition();
        else if (roll < 910) HealPartition();
        else if (roll < 935) Crash();
        else if (roll < 970) Restart();
        else CompactSome();
    }

    private void TickSome()
    {
        for (int i = 0; i < nodes.Count; i++)
        {
            if (!down[i] && random.Next(4) != 0) nodes[i].Node.Tick();
        }
    }

    private void DeliverSome()
    {
        int count = random.Next(1, 16);
        for (int k = 0; k < count && inFlight.Count > 0; k++)
        {
            // Reorder: pick any message whose delay has passed.
            int pick = random.Next(inFlight.Count);
            InFlight item = inFlight[pick];
            if (item.DeliverAt > now) continue;
            bool duplicate = random.NextDouble() < duplicateRate;
            if (!duplicate)
            {
                inFlight[pick] = inFlight[^1];
                inFlight.RemoveAt(inFlight.Count - 1);
            }

            Deliver(item, drop: random.NextDouble() < dropRate);
        }
    }

    private void Deliver(InFlight item, bool drop)
    {
        Message m = item.Message;
        int to = (int)m.To - 1;
        int from = (int)m.From - 1;
        bool lost = drop || down[to] || group[to] != group[from];
        if (lost)
        {
            // The transport of a live sender notices failed snapshots and unreachable peers.
            if (!down[from] && incarnation[from] == item.SenderIncarnation)
            {
                if (m.Type == MessageType.MsgSnap) nodes[from].Node.ReportSnapshot(m.To, SnapshotStatus.Failure);
                else if (group[to] != group[from]) nodes[from].Node.ReportUnreachable(m.To);
            }

            return;
        }

        nodes[to].Node.Step(m);
        if (m.Type == MessageType.MsgSnap && !down[from] && incarnation[from] == item.SenderIncarnation)
        {
            nodes[from].Node.ReportSnapshot(m.To, SnapshotStatus.Finish);
        }
    }

    private void Propose()
    {
        int i = random.Next(nodes.Count);
        if (down[i]) return;
        var data = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(data, nextProposal++);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(8), (ulong)seed);
        nodes[i].Node.Propose(data);
    }

    /// <summary>Linearizable reads: remember the highest commit index any node knows when the read is issued.</summary>
    private void ReadIndex()
    {
        int i = random.Next(nodes.Count);
        if (down[i]) return;
        ulong id = nextRead++;
        readIssuedAtCommit[id] = nodes.Max(n => n.Core.Log.Committed);
        nodes[i].Node.ReadIndex(BitConverter.GetBytes(id));
    }

    /// <summary>A read index may never be below a commit index that was known when the read was issued.</summary>
    private void CheckReadStates(TestNode node, IReadOnlyList<ReadState> states)
    {
        foreach (ReadState rs in states)
        {
            ReadsAnswered++;
            ulong id = BitConverter.ToUInt64(rs.RequestCtx.Span);
            ulong floor = readIssuedAtCommit[id];
            if (rs.Index < floor) throw new Exception($"stale read on node {node.Id}: read index {rs.Index} < commit {floor} known at issue");
        }
    }

    private void Partition()
    {
        for (int i = 0; i < group.Length; i++) group[i] = random.Next(2);
    }

    private void HealPartition() => Array.Clear(group);

    private void Crash()
    {
        // Half the time crash a leader: leader crashes mid-replication make the interesting histories (paper figure 8).
        int leader = nodes.FindIndex(n => n.Core.State == StateType.Leader);
        int i = leader >= 0 && !down[leader] && random.Next(2) == 0 ? leader : random.Next(nodes.Count);
        if (down[i] || down.Count(d => d) >= nodes.Count / 2 + 1) return;
        down[i] = true;
        ulong id = (ulong)(i + 1);
        foreach (InFlight lost in inFlight.Where(f => f.Message.To == id && f.Message.From != id).ToArray())
        {
            // Messages to the crashed node are lost; the sender's transport reports it.
            Deliver(lost, drop: true);
        }

        inFlight.RemoveAll(f => f.Message.To == id || f.Message.From == id);
    }

    private void Restart()
    {
        int i = Array.FindIndex(down, d => d);
        if (i < 0) return;
        down[i] = false;
        incarnation[i]++;
        lastSeen[i] = default;
        nodes[i].Restart(seed * 31 + incarnation[i]);
    }

    private void CompactSome()
    {
        int i = random.Next(nodes.Count);
        if (!down[i]) nodes[i].SnapshotAndCompact();
    }

    private void ProcessReadies()
    {
        for (int i = 0; i < nodes.Count; i++)
        {
            if (down[i]) continue;
            TestNode node = nodes[i];
            int readies = 0;
            while (node.Node.HasReady())
            {
                if (++readies > 1000) throw new Exception($"node {node.Id} never stops being ready");
                Ready rd = node.Node.Ready();
                if (rd.Snapshot is { } snap) node.Storage.ApplySnapshot(snap);
                node.Storage.Append(rd.Entries);
                if (rd.HardState is { } hs) node.Storage.SetHardState(hs);
                CheckWritten(node, rd.Entries);
                CheckReadStates(node, rd.ReadStates);
                foreach (Message m in rd.Messages)
                {
                    long delay = random.Next(4) == 0 ? random.Next(1, 20) : 0;
                    inFlight.Add(new InFlight(now + delay, m, incarnation[i]));
                }

                node.ApplyReady(rd);
                node.Node.Advance();
            }
        }
    }

    // ---------------- invariants ----------------

    private static ulong DataId(ReadOnlyMemory<byte> data)
    {
        // FNV-1a: identifies a payload well enough to tell two entries apart.
        ulong hash = 14695981039346656037UL;
        foreach (byte b in data.Span) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }

    /// <summary>Log matching (§5.3): an (index, term) pair identifies one entry and one predecessor term.</summary>
    private void CheckWritten(TestNode node, IReadOnlyList<Entry> entries)
    {
        foreach (Entry e in entries)
        {
            ulong prevTerm = e.Index <= 1 ? 0 : TryStorageTerm(node.Storage, e.Index - 1);
            var value = (DataId(e.Data), prevTerm);
            if (written.TryGetValue((e.Index, e.Term), out var seen))
            {
                bool prevUnknown = seen.PrevTerm == ulong.MaxValue || prevTerm == ulong.MaxValue;
                if (seen.Data != value.Item1 || (!prevUnknown && seen.PrevTerm != prevTerm))
                {
                    throw new Exception($"log matching violated at {e.Index}/{e.Term} on node {node.Id}");
                }
            }
            else
            {
                written[(e.Index, e.Term)] = value;
            }
        }
    }

    private static ulong TryStorageTerm(MemoryStorage storage, ulong index)
    {
        try
        {
            return storage.Term(index);
        }
        catch (RaftStorageException)
        {
            return ulong.MaxValue;
        }
    }

    /// <summary>State-machine safety: no two nodes apply different entries at the same index.</summary>
    private void CheckApply(TestNode node, Entry e)
    {
        ulong data = DataId(e.Data);
        if (applied.TryGetValue(e.Index, out var seen))
        {
            if (seen != (e.Term, data)) throw new Exception($"state machine safety violated at index {e.Index}: node {node.Id} applied {e.Term} vs {seen.Term}");
        }
        else
        {
            applied[e.Index] = (e.Term, data);
        }
    }

    /// <summary>Election safety (§5.2) and leader completeness (§5.4) whenever a node is leader of a new term.</summary>
    private void CheckLeaders()
    {
        for (int i = 0; i < nodes.Count; i++)
        {
            if (down[i]) continue;
            RaftCore core = nodes[i].Core;
            if (core.State != StateType.Leader) continue;
            if (leaderOfTerm.TryGetValue(core.Term, out ulong other) && other != core.Id)
            {
                throw new Exception($"two leaders in term {core.Term}: {other} and {core.Id}");
            }

            leaderOfTerm[core.Term] = core.Id;
            if (lastSeen[i] == (core.Term, StateType.Leader)) continue;
            lastSeen[i] = (core.Term, StateType.Leader);
            ulong first = core.Log.FirstIndex();
            foreach ((ulong index, (ulong term, _)) in applied)
            {
                if (index < first) continue;
                if (!core.Log.TryTerm(index, out ulong have) || have != term)
                {
                    throw new Exception($"leader completeness violated: leader {core.Id} of term {core.Term} lacks committed {index}/{term}");
                }
            }
        }
    }

    private void HealAndCheckProgress()
    {
        HealPartition();
        while (Array.FindIndex(down, d => d) >= 0) Restart();
        var marker = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(marker, ulong.MaxValue);
        BinaryPrimitives.WriteUInt64LittleEndian(marker.AsSpan(8), (ulong)seed);
        ulong markerId = DataId(marker);
        for (int tick = 0; tick < 2000; tick++)
        {
            now++;
            foreach (TestNode n in nodes) n.Node.Tick();
            ProcessReadies();
            int deliveries = 0;
            while (inFlight.Count > 0)
            {
                if (++deliveries > 100_000) throw new Exception($"message storm after healing: {inFlight[0].Message}");
                InFlight item = inFlight[0];
                inFlight.RemoveAt(0);
                Deliver(item, drop: false);
                ProcessReadies();
            }

            CheckLeaders();
            TestNode? leader = nodes.FirstOrDefault(n => n.Core.State == StateType.Leader);
            bool markerCommitted = applied.Values.Any(a => a.Data == markerId);
            if (leader is not null && !markerCommitted && tick % 20 == 0) leader.Node.Propose(marker);
            if (markerCommitted && nodes.All(n => n.AppliedIndex == nodes[0].AppliedIndex)) return;
        }

        throw new Exception($"no progress after healing: applied {string.Join(",", nodes.Select(n => n.AppliedIndex))}, " +
            $"states {string.Join(",", nodes.Select(n => $"{n.Core.State}/{n.Core.Term}"))}, " +
            $"progress {string.Join(" ", nodes.Where(n => n.Core.State == StateType.Leader).SelectMany(n => n.Core.Tracker.Ids.Select(id => $"{id}:{n.Core.Tracker[id]} active={n.Core.Tracker[id].RecentActive} pend={n.Core.Tracker[id].PendingSnapshot}")))} " +
            $"logs {string.Join(",", nodes.Select(n => $"[{n.Core.Log.FirstIndex()}..{n.Core.Log.LastIndex()} c{n.Core.Log.Committed}]"))} options {Options}");
    }
}
