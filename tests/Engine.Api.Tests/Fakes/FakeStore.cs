using Engine.Protocol;

namespace Engine.Api.Tests.Fakes;

/// <summary>
/// A small in-memory key-value history with etcd's revision rules (first write is revision 2, one
/// revision per write txn, tombstones, compaction), good enough to drive the HTTP layer in tests.
/// Not thread-safe on its own: <see cref="FakeEtcdServer"/> serialises access with a lock.
/// </summary>
public sealed class FakeStore
{
    private readonly List<(long Revision, Event Change)> _history = [];

    public long Revision { get; private set; } = 1;

    public long CompactRevision { get; private set; }

    /// <summary>Raised (under the server lock) with every change of a committed write.</summary>
    public event Action<long, IReadOnlyList<Event>>? Committed;

    public IReadOnlyList<(long Revision, Event Change)> History => _history;

    public static int Compare(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b);

    public static bool InRange(byte[] key, byte[] start, byte[]? end)
    {
        if (end is not { Length: > 0 })
        {
            return Compare(key, start) == 0;
        }

        if (end is [0])
        {
            return Compare(key, start) >= 0;
        }

        return Compare(key, start) >= 0 && Compare(key, end) < 0;
    }

    /// <summary>The live keys at <paramref name="revision"/>, in key order.</summary>
    public SortedDictionary<byte[], KeyValue> StateAt(long revision)
    {
        var state = new SortedDictionary<byte[], KeyValue>(Comparer<byte[]>.Create(Compare));
        foreach ((long rev, Event change) in _history)
        {
            if (rev > revision)
            {
                break;
            }

            if (change.Type == EventType.Put)
            {
                state[change.Kv!.Key!] = change.Kv;
            }
            else
            {
                state.Remove(change.Kv!.Key!);
            }
        }

        return state;
    }

    public KeyValue? Get(byte[] key) => StateAt(Revision).GetValueOrDefault(key);

    /// <summary>Runs <paramref name="write"/> as one write txn; commits one revision if it changed something.</summary>
    public T Write<T>(Func<WriteTxn, T> write)
    {
        var txn = new WriteTxn(this, Revision + 1);
        T result = write(txn);
        if (txn.Changes.Count > 0)
        {
            Revision++;
            foreach (Event change in txn.Changes)
            {
                _history.Add((Revision, change));
            }

            Committed?.Invoke(Revision, txn.Changes);
        }

        return result;
    }

    public EtcdError? Compact(long revision)
    {
        if (revision <= CompactRevision)
        {
            return EtcdErrors.Compacted;
        }

        if (revision > Revision)
        {
            return EtcdErrors.FutureRevision;
        }

        CompactRevision = revision;
        return null;
    }

    /// <summary>One write transaction: reads see its own earlier writes; all changes share one revision.</summary>
    public sealed class WriteTxn(FakeStore store, long revision)
    {
        private readonly SortedDictionary<byte[], KeyValue> _state = store.StateAt(store.Revision);

        public List<Event> Changes { get; } = [];

        public long Revision => revision;

        public SortedDictionary<byte[], KeyValue> State => _state;

        public KeyValue? Put(byte[] key, byte[] value, long lease)
        {
            KeyValue? previous = _state.GetValueOrDefault(key);
            var kv = new KeyValue
            {
                Key = key,
                Value = value,
                Lease = lease,
                CreateRevision = previous?.CreateRevision ?? revision,
                ModRevision = revision,
                Version = (previous?.Version ?? 0) + 1,
            };
            _state[key] = kv;
            Changes.Add(new Event { Type = EventType.Put, Kv = kv, PrevKv = previous });
            return previous;
        }

        public List<KeyValue> Delete(byte[] key, byte[]? end)
        {
            var deleted = new List<KeyValue>();
            foreach (KeyValue kv in _state.Values)
            {
                if (InRange(kv.Key!, key, end))
                {
                    deleted.Add(kv);
                }
            }

            foreach (KeyValue kv in deleted)
            {
                _state.Remove(kv.Key!);
                Changes.Add(new Event { Type = EventType.Delete, Kv = new KeyValue { Key = kv.Key, ModRevision = revision }, PrevKv = kv });
            }

            return deleted;
        }
    }
}
