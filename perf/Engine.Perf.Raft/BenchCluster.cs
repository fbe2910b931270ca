using Engine.Raft;

namespace Engine.Perf.Raft;

/// <summary>
/// A 3-node raft cluster in one thread with MemoryStorage and a direct in-memory transport: each round the
/// leader proposes a batch, then every node handles its Ready (persist to MemoryStorage, send, apply, Advance)
/// until the batch is applied everywhere. Logs are compacted every 4096 entries to keep memory flat.
/// </summary>
internal sealed class BenchCluster
{
    private readonly RawNode[] _nodes;
    private readonly MemoryStorage[] _storages;
    private readonly ulong[] _applied;
    private readonly Queue<Message> _wire = new();

    public BenchCluster(int size)
    {
        _nodes = new RawNode[size];
        _storages = new MemoryStorage[size];
        _applied = new ulong[size];
        var peers = Enumerable.Range(1, size).Select(i => new Peer((ulong)i)).ToArray();
        for (int i = 0; i < size; i++)
        {
            _storages[i] = new MemoryStorage();
            _nodes[i] = new RawNode(new RaftConfig { Id = (ulong)i + 1, Storage = _storages[i], Random = new Random(i), MaxInflightMsgs = 256 });
            _nodes[i].Bootstrap(peers);
        }

        Pump();
        _nodes[0].Campaign();
        Pump();
    }

    public ulong AppliedOnAll => _applied.Min();

    public void ProposeAndCommit(IReadOnlyList<ReadOnlyMemory<byte>> batch)
    {
        ulong target = _applied[0] + (ulong)batch.Count;
        if (batch.Count == 1) _nodes[0].Propose(batch[0]);
        else _nodes[0].ProposeBatch(batch);
        while (_applied.Min() < target) Pump();
    }

    private void Pump()
    {
        do
        {
            for (int i = 0; i < _nodes.Length; i++) HandleReady(i);
            while (_wire.TryDequeue(out Message? m)) _nodes[(int)m.To - 1].Step(m);
        }
        while (_nodes.Any(n => n.HasReady()));
    }

    private void HandleReady(int i)
    {
        RawNode node = _nodes[i];
        if (!node.HasReady()) return;
        Ready rd = node.Ready();
        MemoryStorage storage = _storages[i];
        if (rd.Snapshot is { } snap) storage.ApplySnapshot(snap);
        storage.Append(rd.Entries);
        if (rd.HardState is { } hs) storage.SetHardState(hs);
        foreach (Message m in rd.Messages) _wire.Enqueue(m);
        foreach (Entry e in rd.CommittedEntries)
        {
            if (e.Type == EntryType.ConfChange) node.ApplyConfChange(RaftCodec.DecodeConfChange(e.Data.Span, out _));
            _applied[i] = e.Index;
        }

        node.Advance();
        if (_applied[i] - storage.Snapshot().Metadata.Index >= 8192)
        {
            storage.CreateSnapshot(_applied[i] - 4096, null, ReadOnlyMemory<byte>.Empty);
            storage.Compact(_applied[i] - 4096);
        }
    }
}
