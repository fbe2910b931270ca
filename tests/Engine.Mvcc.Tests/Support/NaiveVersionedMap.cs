using Engine.Protocol;
using Engine.Protocol.Validation;

namespace Engine.Mvcc.Tests.Support;

/// <summary>
/// A deliberately naive model of etcd's MVCC semantics for differential testing: it keeps the complete map of
/// live keys at every revision (a full copy per write), answers reads by scanning and sorting, and knows nothing
/// of generations, revision keys, compaction batches or the backend. Only the request validation is shared.
/// </summary>
public sealed class NaiveVersionedMap
{
    private readonly List<SortedDictionary<string, KeyValue>> _states = [new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    private readonly HashSet<long> _leases;

    public NaiveVersionedMap(IEnumerable<long> leases)
    {
        _leases = [.. leases];
    }

    public long Current => _states.Count - 1;

    public long Compacted { get; private set; } = -1;

    public int MaxTxnOps { get; init; } = 128;

    public Outcome<RangeResponse> Range(RangeRequest r) =>
        RequestValidator.Check(r) is { } e ? e : RangeAt(_states[^1], Current, r);

    public Outcome<PutResponse> Put(PutRequest r)
    {
        var error = RequestValidator.Check(r) ?? CheckPut(_states[^1], r);
        if (error is not null)
        {
            return error;
        }

        var work = new Work(this);
        var response = work.Put(r);
        work.Commit();
        return response;
    }

    public Outcome<DeleteRangeResponse> Delete(DeleteRangeRequest r)
    {
        if (RequestValidator.Check(r) is { } error)
        {
            return error;
        }

        var work = new Work(this);
        var response = work.Delete(r);
        work.Commit();
        return response;
    }

    public Outcome<TxnResponse> Txn(TxnRequest r)
    {
        if (RequestValidator.Check(r, new ValidationLimits(MaxTxnOps)) is { } error)
        {
            return error;
        }

        var work = new Work(this);
        error = work.Check(r);
        if (error is not null)
        {
            return error;
        }

        var response = work.Txn(r, top: true);
        response.Header!.Revision = work.Revision;
        work.Commit();
        return response;
    }

    public Outcome<CompactionResponse> Compact(long revision)
    {
        if (revision <= Compacted)
        {
            return EtcdErrors.Compacted;
        }

        if (revision > Current)
        {
            return EtcdErrors.FutureRevision;
        }

        Compacted = revision;
        return new CompactionResponse { Header = new ResponseHeader { Revision = Current } };
    }

    private EtcdError? CheckPut(SortedDictionary<string, KeyValue> state, PutRequest r)
    {
        if (r.Lease != 0 && !_leases.Contains(r.Lease))
        {
            return EtcdErrors.LeaseNotFound;
        }

        if ((r.IgnoreValue || r.IgnoreLease) && !state.ContainsKey(Name(r.Key!)))
        {
            return EtcdErrors.KeyNotFound;
        }

        return null;
    }

    private Outcome<RangeResponse> RangeAt(SortedDictionary<string, KeyValue> latest, long headerRevision, RangeRequest r)
    {
        if (r.Revision > headerRevision)
        {
            return EtcdErrors.FutureRevision;
        }

        long at = r.Revision <= 0 ? headerRevision : r.Revision;
        if (at < Compacted)
        {
            return EtcdErrors.Compacted;
        }

        var state = at == headerRevision ? latest : _states[(int)at];
        var inRange = state.Values.Where(kv => InRange(kv.Key!, r.Key!, r.RangeEnd)).Select(Copy).ToList();
        var response = new RangeResponse { Header = new ResponseHeader { Revision = headerRevision }, Count = inRange.Count };
        if (r.CountOnly)
        {
            return response;
        }

        var kept = inRange.Where(kv =>
            (r.MinModRevision == 0 || kv.ModRevision >= r.MinModRevision) && (r.MaxModRevision == 0 || kv.ModRevision <= r.MaxModRevision)
            && (r.MinCreateRevision == 0 || kv.CreateRevision >= r.MinCreateRevision) && (r.MaxCreateRevision == 0 || kv.CreateRevision <= r.MaxCreateRevision)).ToList();
        bool filtered = r.MinModRevision != 0 || r.MaxModRevision != 0 || r.MinCreateRevision != 0 || r.MaxCreateRevision != 0;
        if (r.SortOrder == SortOrder.None && !filtered && r.Limit > 0)
        {
            // etcd quirk: with sort_order NONE the limit (+1) is applied in key order before a non-KEY target sorts
            kept = kept.Take((int)r.Limit + 1).ToList();
        }

        kept = SortModel(kept, r);
        if (r.Limit > 0 && kept.Count > r.Limit)
        {
            kept = kept.Take((int)r.Limit).ToList();
            response.More = true;
        }

        if (r.KeysOnly)
        {
            kept.ForEach(kv => kv.Value = null);
        }

        response.Kvs = kept.Count == 0 ? null : kept;
        return response;
    }

    private static List<KeyValue> SortModel(List<KeyValue> kvs, RangeRequest r)
    {
        var order = r.SortOrder;
        if (order == SortOrder.None && r.SortTarget != SortTarget.Key)
        {
            order = SortOrder.Ascend;
        }

        if (order == SortOrder.None)
        {
            return kvs;
        }

        // stable insertion sort by the target; equal targets keep key order
        var result = new List<KeyValue>();
        foreach (var kv in kvs)
        {
            int at = result.Count;
            while (at > 0 && Before(kv, result[at - 1], r.SortTarget, order == SortOrder.Descend))
            {
                at--;
            }

            result.Insert(at, kv);
        }

        return result;
    }

    private static bool Before(KeyValue a, KeyValue b, SortTarget target, bool descend)
    {
        int c = target switch
        {
            SortTarget.Key => string.CompareOrdinal(Name(a.Key!), Name(b.Key!)),
            SortTarget.Version => a.Version.CompareTo(b.Version),
            SortTarget.Create => a.CreateRevision.CompareTo(b.CreateRevision),
            SortTarget.Mod => a.ModRevision.CompareTo(b.ModRevision),
            _ => string.CompareOrdinal(Name(a.Value ?? []), Name(b.Value ?? [])),
        };
        return descend ? c > 0 : c < 0;
    }

    internal static bool InRange(byte[] key, byte[] begin, byte[]? end)
    {
        string k = Name(key), b = Name(begin);
        if (end is not { Length: > 0 })
        {
            return k == b;
        }

        if (end is [0])
        {
            return string.CompareOrdinal(k, b) >= 0;
        }

        return string.CompareOrdinal(k, b) >= 0 && string.CompareOrdinal(k, Name(end)) < 0;
    }

    /// <summary>Latin-1 maps bytes one-to-one onto chars, so ordinal string order is byte order.</summary>
    internal static string Name(byte[] bytes) => System.Text.Encoding.Latin1.GetString(bytes);

    internal static KeyValue Copy(KeyValue kv) => new()
    {
        Key = kv.Key, Value = kv.Value, CreateRevision = kv.CreateRevision, ModRevision = kv.ModRevision, Version = kv.Version, Lease = kv.Lease,
    };

    /// <summary>One write transaction of the model: a working copy of the latest map.</summary>
    private sealed class Work(NaiveVersionedMap map)
    {
        private readonly SortedDictionary<string, KeyValue> _before = map._states[^1];
        private readonly SortedDictionary<string, KeyValue> _state = new(map._states[^1], StringComparer.Ordinal);
        private bool _changed;

        public long Revision => _changed ? map.Current + 1 : map.Current;

        public void Commit()
        {
            if (_changed)
            {
                map._states.Add(_state);
            }
        }

        public PutResponse Put(PutRequest r)
        {
            string name = Name(r.Key!);
            _state.TryGetValue(name, out var previous);
            long rev = map.Current + 1;
            _state[name] = new KeyValue
            {
                Key = r.Key,
                Value = r.IgnoreValue ? (previous?.Value ?? []) : (r.Value ?? []),
                Lease = r.IgnoreLease ? (previous?.Lease ?? 0) : r.Lease,
                CreateRevision = previous?.CreateRevision ?? rev,
                ModRevision = rev,
                Version = (previous?.Version ?? 0) + 1,
            };
            _changed = true;
            return new PutResponse { Header = new ResponseHeader { Revision = rev }, PrevKv = r.PrevKv && previous is not null ? Copy(previous) : null };
        }

        public DeleteRangeResponse Delete(DeleteRangeRequest r)
        {
            var doomed = _state.Values.Where(kv => InRange(kv.Key!, r.Key!, r.RangeEnd)).ToList();
            foreach (var kv in doomed)
            {
                _state.Remove(Name(kv.Key!));
            }

            _changed |= doomed.Count > 0;
            return new DeleteRangeResponse
            {
                Header = new ResponseHeader { Revision = Revision },
                Deleted = doomed.Count,
                PrevKvs = r.PrevKv && doomed.Count > 0 ? doomed.Select(Copy).ToList() : null,
            };
        }

        public EtcdError? Check(TxnRequest r)
        {
            var ops = (Holds(r) ? r.Success : r.Failure) ?? [];
            foreach (var op in ops)
            {
                var error = op.RequestPut is { } p ? map.CheckPut(_before, p)
                    : op.RequestRange is { Revision: not 0 } g ? (g.Revision > map.Current ? EtcdErrors.FutureRevision : g.Revision < map.Compacted ? EtcdErrors.Compacted : null)
                    : op.RequestTxn is { } t ? Check(t)
                    : null;
                if (error is not null)
                {
                    return error;
                }
            }

            return null;
        }

        public TxnResponse Txn(TxnRequest r, bool top)
        {
            // compares are all decided before any write (etcd compareToPath)
            var decided = new Dictionary<TxnRequest, bool>(ReferenceEqualityComparer.Instance);
            Decide(r, decided);
            return Run(r, decided);
        }

        private void Decide(TxnRequest r, Dictionary<TxnRequest, bool> decided)
        {
            bool ok = Holds(r);
            decided[r] = ok;
            foreach (var op in (ok ? r.Success : r.Failure) ?? [])
            {
                if (op.RequestTxn is { } t)
                {
                    Decide(t, decided);
                }
            }
        }

        private TxnResponse Run(TxnRequest r, Dictionary<TxnRequest, bool> decided)
        {
            bool ok = decided[r];
            var responses = new List<ResponseOp>();
            foreach (var op in (ok ? r.Success : r.Failure) ?? [])
            {
                responses.Add(op.RequestRange is { } g ? new ResponseOp { ResponseRange = map.RangeAt(_state, Revision, g).Value }
                    : op.RequestPut is { } p ? new ResponseOp { ResponsePut = Put(p) }
                    : op.RequestDeleteRange is { } d ? new ResponseOp { ResponseDeleteRange = Delete(d) }
                    : op.RequestTxn is { } t ? new ResponseOp { ResponseTxn = Run(t, decided) }
                    : new ResponseOp());
            }

            return new TxnResponse { Header = new ResponseHeader(), Succeeded = ok, Responses = responses.Count == 0 ? null : responses };
        }

        private bool Holds(TxnRequest r) => (r.Compare ?? []).All(c =>
        {
            var kvs = _before.Values.Where(kv => InRange(kv.Key!, c.Key!, c.RangeEnd)).ToList();
            if (kvs.Count == 0)
            {
                return c.Target != CompareTarget.Value && KvWriteTxn.CompareOne(c, new KeyValue());
            }

            return kvs.All(kv => KvWriteTxn.CompareOne(c, kv));
        });
    }
}
