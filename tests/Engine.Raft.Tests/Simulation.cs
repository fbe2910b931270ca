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

    private readonly Random _random;
    private readonly int _seed;
    private readonly List<TestNode> _nodes = [];
    private readonly bool[] _down;
    private readonly int[] _incarnation;
    private readonly int[] _group;
    private readonly List<InFlight> _inFlight = [];
    private readonly Dictionary<ulong, ulong> _leaderOfTerm = [];
    private readonly Dictionary<(ulong Index, ulong Term), (ulong Data, ulong PrevTerm)> _written = [];
    private readonly Dictionary<ulong, (ulong Term, ulong Data)> _applied = [];
    private readonly (ulong Term, StateType State)[] _lastSeen;
    private readonly double _dropRate;
    private readonly double _duplicateRate;
    private readonly Dictionary<ulong, ulong> _readIssuedAtCommit = [];
    private long _now;
    private ulong _nextRead = 1;
    private ulong _nextProposal = 1;

    public Simulation(int seed, int size)
    {
        _seed = seed;
        _random = new Random(seed);
        var options = new NodeOptions(
            PreVote: _random.Next(2) == 0,
            CheckQuorum: _random.Next(2) == 0,
            Seed: seed,
            MaxSizePerMsg: (ulong)_random.Next(1, 4) * 64,
            MaxInflight: _random.Next(1, 5));
        Options = options;
        ulong[] ids = Enumerable.Range(1, size).Select(i => (ulong)i).ToArray();
        _down = new bool[size];
        _incarnation = new int[size];
        _group = new int[size];
        _lastSeen = new (ulong, StateType)[size];
        _dropRate = _random.NextDouble() * 0.2;
        _duplicateRate = _random.NextDouble() * 0.05;
        foreach (ulong id in ids)
        {
            var node = new TestNode(id, options, new MemoryStorage(), 0) { OnApply = CheckApply };
            node.Node.Bootstrap(ids.Select(p => new Peer(p)).ToArray());
            _nodes.Add(node);
        }
    }

    public NodeOptions Options { get; }

    public int ReadsAnswered { get; private set; }

    public ulong MaxCommitted => _applied.Count == 0 ? 0 : _applied.Keys.Max();

    public void Run(int steps)
    {
        for (int step = 0; step < steps; step++)
        {
            _now++;
            RandomAction();
            ProcessReadies();
            CheckLeaders();
        }

        HealAndCheckProgress();
    }

    private void RandomAction()
    {
        int roll = _random.Next(1000);
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
        for (int i = 0; i < _nodes.Count; i++)
        {
            if (!_down[i] && _random.Next(4) != 0) _nodes[i].Node.Tick();
        }
    }

    private void DeliverSome()
    {
        int count = _random.Next(1, 16);
        for (int k = 0; k < count && _inFlight.Count > 0; k++)
        {
            // Reorder: pick any message whose delay has passed.
            int pick = _random.Next(_inFlight.Count);
            InFlight item = _inFlight[pick];
            if (item.DeliverAt > _now) continue;
            bool duplicate = _random.NextDouble() < _duplicateRate;
            if (!duplicate)
            {
                _inFlight[pick] = _inFlight[^1];
                _inFlight.RemoveAt(_inFlight.Count - 1);
            }

            Deliver(item, drop: _random.NextDouble() < _dropRate);
        }
    }

    private void Deliver(InFlight item, bool drop)
    {
        Message m = item.Message;
        int to = (int)m.To - 1;
        int from = (int)m.From - 1;
        bool lost = drop || _down[to] || _group[to] != _group[from];
        if (lost)
        {
            // The transport of a live sender notices failed snapshots and unreachable peers.
            if (!_down[from] && _incarnation[from] == item.SenderIncarnation)
            {
                if (m.Type == MessageType.MsgSnap) _nodes[from].Node.ReportSnapshot(m.To, SnapshotStatus.Failure);
                else if (_group[to] != _group[from]) _nodes[from].Node.ReportUnreachable(m.To);
            }

            return;
        }

        _nodes[to].Node.Step(m);
        if (m.Type == MessageType.MsgSnap && !_down[from] && _incarnation[from] == item.SenderIncarnation)
        {
            _nodes[from].Node.ReportSnapshot(m.To, SnapshotStatus.Finish);
        }
    }

    private void Propose()
    {
        int i = _random.Next(_nodes.Count);
        if (_down[i]) return;
        var data = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(data, _nextProposal++);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(8), (ulong)_seed);
        _nodes[i].Node.Propose(data);
    }

    /// <summary>Linearizable reads: remember the highest commit index any node knows when the read is issued.</summary>
    private void ReadIndex()
    {
        int i = _random.Next(_nodes.Count);
        if (_down[i]) return;
        ulong id = _nextRead++;
        _readIssuedAtCommit[id] = _nodes.Max(n => n.Core.Log.Committed);
        _nodes[i].Node.ReadIndex(BitConverter.GetBytes(id));
    }

    /// <summary>A read index may never be below a commit index that was known when the read was issued.</summary>
    private void CheckReadStates(TestNode node, IReadOnlyList<ReadState> states)
    {
        foreach (ReadState rs in states)
        {
            ReadsAnswered++;
            ulong id = BitConverter.ToUInt64(rs.RequestCtx.Span);
            ulong floor = _readIssuedAtCommit[id];
            if (rs.Index < floor) throw new Exception($"stale read on node {node.Id}: read index {rs.Index} < commit {floor} known at issue");
        }
    }

    private void Partition()
    {
        for (int i = 0; i < _group.Length; i++) _group[i] = _random.Next(2);
    }

    private void HealPartition() => Array.Clear(_group);

    private void Crash()
    {
        // Half the time crash a leader: leader crashes mid-replication make the interesting histories (paper figure 8).
        int leader = _nodes.FindIndex(n => n.Core.State == StateType.Leader);
        int i = leader >= 0 && !_down[leader] && _random.Next(2) == 0 ? leader : _random.Next(_nodes.Count);
        if (_down[i] || _down.Count(d => d) >= _nodes.Count / 2 + 1) return;
        _down[i] = true;
        ulong id = (ulong)(i + 1);
        foreach (InFlight lost in _inFlight.Where(f => f.Message.To == id && f.Message.From != id).ToArray())
        {
            // Messages to the crashed node are lost; the sender's transport reports it.
            Deliver(lost, drop: true);
        }

        _inFlight.RemoveAll(f => f.Message.To == id || f.Message.From == id);
    }

    private void Restart()
    {
        int i = Array.FindIndex(_down, d => d);
        if (i < 0) return;
        _down[i] = false;
        _incarnation[i]++;
        _lastSeen[i] = default;
        _nodes[i].Restart(_seed * 31 + _incarnation[i]);
    }

    private void CompactSome()
    {
        int i = _random.Next(_nodes.Count);
        if (!_down[i]) _nodes[i].SnapshotAndCompact();
    }

    private void ProcessReadies()
    {
        for (int i = 0; i < _nodes.Count; i++)
        {
            if (_down[i]) continue;
            TestNode node = _nodes[i];
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
                    long delay = _random.Next(4) == 0 ? _random.Next(1, 20) : 0;
                    _inFlight.Add(new InFlight(_now + delay, m, _incarnation[i]));
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
            if (_written.TryGetValue((e.Index, e.Term), out var seen))
            {
                bool prevUnknown = seen.PrevTerm == ulong.MaxValue || prevTerm == ulong.MaxValue;
                if (seen.Data != value.Item1 || (!prevUnknown && seen.PrevTerm != prevTerm))
                {
                    throw new Exception($"log matching violated at {e.Index}/{e.Term} on node {node.Id}");
                }
            }
            else
            {
                _written[(e.Index, e.Term)] = value;
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
        if (_applied.TryGetValue(e.Index, out var seen))
        {
            if (seen != (e.Term, data)) throw new Exception($"state machine safety violated at index {e.Index}: node {node.Id} applied {e.Term} vs {seen.Term}");
        }
        else
        {
            _applied[e.Index] = (e.Term, data);
        }
    }

    /// <summary>Election safety (§5.2) and leader completeness (§5.4) whenever a node is leader of a new term.</summary>
    private void CheckLeaders()
    {
        for (int i = 0; i < _nodes.Count; i++)
        {
            if (_down[i]) continue;
            RaftCore core = _nodes[i].Core;
            if (core.State != StateType.Leader) continue;
            if (_leaderOfTerm.TryGetValue(core.Term, out ulong other) && other != core.Id)
            {
                throw new Exception($"two leaders in term {core.Term}: {other} and {core.Id}");
            }

            _leaderOfTerm[core.Term] = core.Id;
            if (_lastSeen[i] == (core.Term, StateType.Leader)) continue;
            _lastSeen[i] = (core.Term, StateType.Leader);
            ulong first = core.Log.FirstIndex();
            foreach ((ulong index, (ulong term, _)) in _applied)
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
        while (Array.FindIndex(_down, d => d) >= 0) Restart();
        var marker = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(marker, ulong.MaxValue);
        BinaryPrimitives.WriteUInt64LittleEndian(marker.AsSpan(8), (ulong)_seed);
        ulong markerId = DataId(marker);
        for (int tick = 0; tick < 2000; tick++)
        {
            _now++;
            foreach (TestNode n in _nodes) n.Node.Tick();
            ProcessReadies();
            int deliveries = 0;
            while (_inFlight.Count > 0)
            {
                if (++deliveries > 100_000) throw new Exception($"message storm after healing: {_inFlight[0].Message}");
                InFlight item = _inFlight[0];
                _inFlight.RemoveAt(0);
                Deliver(item, drop: false);
                ProcessReadies();
            }

            CheckLeaders();
            TestNode? leader = _nodes.FirstOrDefault(n => n.Core.State == StateType.Leader);
            bool markerCommitted = _applied.Values.Any(a => a.Data == markerId);
            if (leader is not null && !markerCommitted && tick % 20 == 0) leader.Node.Propose(marker);
            if (markerCommitted && _nodes.All(n => n.AppliedIndex == _nodes[0].AppliedIndex)) return;
        }

        throw new Exception($"no progress after healing: applied {string.Join(",", _nodes.Select(n => n.AppliedIndex))}, " +
            $"states {string.Join(",", _nodes.Select(n => $"{n.Core.State}/{n.Core.Term}"))}, " +
            $"progress {string.Join(" ", _nodes.Where(n => n.Core.State == StateType.Leader).SelectMany(n => n.Core.Tracker.Ids.Select(id => $"{id}:{n.Core.Tracker[id]} active={n.Core.Tracker[id].RecentActive} pend={n.Core.Tracker[id].PendingSnapshot}")))} " +
            $"logs {string.Join(",", _nodes.Select(n => $"[{n.Core.Log.FirstIndex()}..{n.Core.Log.LastIndex()} c{n.Core.Log.Committed}]"))} options {Options}");
    }
}
