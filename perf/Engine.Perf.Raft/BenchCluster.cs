using Engine.Raft;

namespace Engine.Perf.Raft;

/// <summary>
/// A 3-node raft cluster in one thread with MemoryStorage and a direct in-memory transport: each round the
/// leader proposes a batch, then every node handles its Ready (persist to MemoryStorage, send, apply, Advance)
/// until the batch is applied everywhere. Logs are compacted every 4096 entries to keep memory flat.
/// </summary>
internal sealed class BenchCluster
{
    private readonly RawNode[] nodes;
    private readonly MemoryStorage[] storages;
    private readonly ulong[] applied;
    private readonly Queue<Message> wire = new();

    public BenchCluster(int size)
    {
        nodes = new RawNode[size];
        storages = new MemoryStorage[size];
        applied = new ulong[size];
        var peers = Enumerable.Range(1, size).Select(i => new Peer((ulong)i)).ToArray();
        for (int i = 0; i < size; i++)
        {
            storages[i] = new MemoryStorage();
            nodes[i] = new RawNode(new RaftConfig { Id = (ulong)i + 1, Storage = storages[i], Random = new Random(i), MaxInflightMsgs = 256 });
            nodes[i].Bootstrap(peers);
        }

        Pump();
        nodes[0].Campaign();
        Pump();
    }

    public ulong AppliedOnAll => applied.Min();

    public void ProposeAndCommit(IReadOnlyList<ReadOnlyMemory<byte>> batch)
    {
        ulong target = applied[0] + (ulong)batch.Count;
        if (batch.Count == 1) nodes[0].Propose(batch[0]);
        else nodes[0].ProposeBatch(batch);
        while (applied.Min() < target) Pump();
    }

    private void Pump()
    {
        do
        {
            for (int i = 0; i < nodes.Length; i++) HandleReady(i);
            while (wire.TryDequeue(out Message? m)) nodes[(int)m.To - 1].Step(m);
        }
        while (nodes.Any(n => n.HasReady()));
    }

    private void HandleReady(int i)
    {
        RawNode node = nodes[i];
        if (!node.HasReady()) return;
        Ready rd = node.Ready();
        MemoryStorage storage = storages[i];
        if (rd.Snapshot is { } snap) storage.ApplySnapshot(snap);
        storage.Append(rd.Entries);
        if (rd.HardState is { } hs) storage.SetHardState(hs);
        foreach (Message m in rd.Messages) wire.Enqueue(m);
        foreach (Entry e in rd.CommittedEntries)
        {
            if (e.Type == EntryType.ConfChange) node.ApplyConfChange(RaftCodec.DecodeConfChange(e.Data.Span, out _));
            applied[i] = e.Index;
        }

        node.Advance();
        if (applied[i] - storage.Snapshot().Metadata.Index >= 8192)
        {
            storage.CreateSnapshot(applied[i] - 4096, null, ReadOnlyMemory<byte>.Empty);
            storage.Compact(applied[i] - 4096);
        }
    }
}
