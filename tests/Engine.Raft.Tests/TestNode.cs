using Engine.Raft;

namespace Engine.Raft.Tests;

/// <summary>Options for a test node.</summary>
internal sealed record NodeOptions(
    int ElectionTick = 10,
    int HeartbeatTick = 1,
    bool PreVote = false,
    bool CheckQuorum = false,
    int Seed = 1,
    ulong MaxSizePerMsg = 1024 * 1024,
    int MaxInflight = 256,
    ReadOnlyOption ReadOnlyOption = ReadOnlyOption.Safe);

/// <summary>
/// One raft node with a MemoryStorage and a trivial state machine (the list of applied entries), handling
/// Ready exactly as the contract says: persist, collect messages, apply, Advance.
/// </summary>
internal sealed class TestNode
{
    private readonly NodeOptions _options;

    public TestNode(ulong id, NodeOptions options, MemoryStorage storage, ulong applied)
    {
        Id = id;
        _options = options;
        Storage = storage;
        AppliedIndex = applied;
        Node = new RawNode(Config(id, options, storage, applied));
    }

    public ulong Id { get; }

    public MemoryStorage Storage { get; }

    public RawNode Node { get; private set; }

    internal RaftCore Core => Node.Core;

    public ulong AppliedIndex { get; private set; }

    /// <summary>Normal, non-empty entries applied, in order (index, data).</summary>
    public List<(ulong Index, byte[] Data)> Applied { get; } = [];

    public List<ReadState> ReadStates { get; } = [];

    public ConfState? LastConfState { get; private set; }

    /// <summary>Called for every applied entry (index, term, data) — the simulation's safety checker hooks here.</summary>
    public Action<TestNode, Entry>? OnApply { get; set; }

    public static TestNode Bootstrap(ulong id, IReadOnlyList<ulong> peers, NodeOptions? options = null)
    {
        var node = new TestNode(id, options ?? new NodeOptions(), new MemoryStorage(), 0);
        node.Node.Bootstrap(peers.Select(p => new Peer(p)).ToArray());
        node.HandleReady();
        return node;
    }

    /// <summary>A node joining an existing cluster: empty storage, configuration learned from the leader's snapshot.</summary>
    public static TestNode Joining(ulong id, NodeOptions? options = null) => new(id, options ?? new NodeOptions(), new MemoryStorage(), 0);

    public static RaftConfig Config(ulong id, NodeOptions o, MemoryStorage storage, ulong applied) => new()
    {
        Id = id,
        ElectionTick = o.ElectionTick,
        HeartbeatTick = o.HeartbeatTick,
        Storage = storage,
        Applied = applied,
        MaxSizePerMsg = o.MaxSizePerMsg,
        MaxInflightMsgs = o.MaxInflight,
        CheckQuorum = o.CheckQuorum,
        PreVote = o.PreVote,
        ReadOnlyOption = o.ReadOnlyOption,
        Random = new Random(o.Seed * 7919 + (int)id),
    };

    /// <summary>Restarts from persisted state only (the storage); the state machine restarts from the storage's snapshot.</summary>
    public void Restart(int seed)
    {
        Snapshot snap = Storage.Snapshot();
        AppliedIndex = snap.Metadata.Index;
        Applied.RemoveAll(a => a.Index > AppliedIndex);
        Node = new RawNode(Config(Id, _options with { Seed = seed }, Storage, AppliedIndex));
    }

    public List<Message> HandleReady()
    {
        var outgoing = new List<Message>();
        while (Node.HasReady())
        {
            Ready rd = Node.Ready();
            // 1. persist
            if (rd.Snapshot is { } snap) Storage.ApplySnapshot(snap);
            Storage.Append(rd.Entries);
            if (rd.HardState is { } hs) Storage.SetHardState(hs);
            // 2. send (after persisting)
            outgoing.AddRange(rd.Messages);
            // 3. apply
            ApplyReady(rd);
            Node.Advance();
        }

        return outgoing;
    }

    /// <summary>Step 3 of the Ready contract: restore the snapshot, apply committed entries, collect read states.</summary>
    public void ApplyReady(Ready rd)
    {
        if (rd.Snapshot is { } s)
        {
            AppliedIndex = s.Metadata.Index;
            LastConfState = s.Metadata.ConfState;
            Applied.RemoveAll(a => a.Index > AppliedIndex);
        }

        foreach (Entry e in rd.CommittedEntries) Apply(e);
        ReadStates.AddRange(rd.ReadStates);
    }

    private void Apply(Entry e)
    {
        if (e.Index != AppliedIndex + 1) throw new InvalidOperationException($"node {Id} applies {e.Index} after {AppliedIndex}");
        AppliedIndex = e.Index;
        OnApply?.Invoke(this, e);
        if (e.Type == EntryType.ConfChange)
        {
            ConfChange change = RaftCodec.DecodeConfChange(e.Data.Span, out _);
            LastConfState = Node.ApplyConfChange(change);
        }
        else if (!e.Data.IsEmpty)
        {
            Applied.Add((e.Index, e.Data.ToArray()));
        }
    }

    /// <summary>Snapshots the state machine at the applied index and compacts the log up to it.</summary>
    public void SnapshotAndCompact()
    {
        ulong index = AppliedIndex;
        if (index <= Storage.Snapshot().Metadata.Index) return;
        Storage.CreateSnapshot(index, LastConfState ?? Core.Tracker.ConfState(), BitConverter.GetBytes(index));
        Storage.Compact(index);
    }
}
