using Engine.Protocol;

namespace Engine.Api.Tests.Fakes;

/// <summary>etcd's range/put/delete/txn semantics over <see cref="FakeStore"/> (test double only).</summary>
public static class FakeKv
{
    public static Outcome<RangeResponse> Range(FakeStore store, FakeStore.WriteTxn? txn, RangeRequest request, Func<ResponseHeader> header)
    {
        if (request.Revision > store.Revision)
        {
            return EtcdErrors.FutureRevision;
        }

        if (request.Revision > 0 && request.Revision < store.CompactRevision)
        {
            return EtcdErrors.Compacted;
        }

        SortedDictionary<byte[], KeyValue> state = request.Revision > 0 ? store.StateAt(request.Revision) : txn?.State ?? store.StateAt(store.Revision);
        List<KeyValue> matched = state.Values.Where(kv => FakeStore.InRange(kv.Key!, request.Key!, request.RangeEnd)).ToList();
        var response = new RangeResponse { Header = header(), Count = matched.Count };
        if (request.CountOnly)
        {
            return response;
        }

        IEnumerable<KeyValue> sorted = Sort(matched, request.SortOrder, request.SortTarget);
        List<KeyValue> kvs = sorted.ToList();
        if (request.Limit > 0 && kvs.Count > request.Limit)
        {
            kvs = kvs.Take((int)request.Limit).ToList();
            response.More = true;
        }

        response.Kvs = request.KeysOnly
            ? kvs.Select(kv => new KeyValue { Key = kv.Key, CreateRevision = kv.CreateRevision, ModRevision = kv.ModRevision, Version = kv.Version, Lease = kv.Lease }).ToList()
            : kvs;
        return response;
    }

    public static Outcome<PutResponse> Put(FakeStore.WriteTxn txn, PutRequest request, Func<ResponseHeader> header)
    {
        KeyValue? existing = txn.State.GetValueOrDefault(request.Key!);
        if ((request.IgnoreValue || request.IgnoreLease) && existing is null)
        {
            return EtcdErrors.KeyNotFound;
        }

        byte[] value = request.IgnoreValue ? existing!.Value ?? [] : request.Value ?? [];
        long lease = request.IgnoreLease ? existing!.Lease : request.Lease;
        KeyValue? previous = txn.Put(request.Key!, value, lease);
        return new PutResponse { Header = header(), PrevKv = request.PrevKv ? previous : null };
    }

    public static DeleteRangeResponse Delete(FakeStore.WriteTxn txn, DeleteRangeRequest request, Func<ResponseHeader> header)
    {
        List<KeyValue> deleted = txn.Delete(request.Key!, request.RangeEnd);
        return new DeleteRangeResponse { Header = header(), Deleted = deleted.Count, PrevKvs = request.PrevKv ? deleted : null };
    }

    public static Outcome<TxnResponse> Txn(FakeStore store, FakeStore.WriteTxn txn, TxnRequest request, Func<ResponseHeader> header)
    {
        bool succeeded = (request.Compare ?? []).All(compare => Holds(txn, compare));
        var response = new TxnResponse { Header = header(), Succeeded = succeeded, Responses = [] };
        foreach (RequestOp op in (succeeded ? request.Success : request.Failure) ?? [])
        {
            var result = new ResponseOp();
            if (op.RequestRange is { } range)
            {
                Outcome<RangeResponse> read = Range(store, txn, range, header);
                if (read.Error is { } error)
                {
                    return error;
                }

                result.ResponseRange = read.Value;
            }
            else if (op.RequestPut is { } put)
            {
                Outcome<PutResponse> written = Put(txn, put, header);
                if (written.Error is { } error)
                {
                    return error;
                }

                result.ResponsePut = written.Value;
            }
            else if (op.RequestDeleteRange is { } delete)
            {
                result.ResponseDeleteRange = Delete(txn, delete, header);
            }
            else if (op.RequestTxn is { } nested)
            {
                Outcome<TxnResponse> inner = Txn(store, txn, nested, header);
                if (inner.Error is { } error)
                {
                    return error;
                }

                result.ResponseTxn = inner.Value;
            }

            response.Responses.Add(result);
        }

        return response;
    }

    private static bool Holds(FakeStore.WriteTxn txn, Compare compare)
    {
        KeyValue kv = txn.State.GetValueOrDefault(compare.Key!) ?? new KeyValue { Key = compare.Key };
        int relation = compare.Target switch
        {
            CompareTarget.Version => kv.Version.CompareTo(compare.Version),
            CompareTarget.Create => kv.CreateRevision.CompareTo(compare.CreateRevision),
            CompareTarget.Mod => kv.ModRevision.CompareTo(compare.ModRevision),
            CompareTarget.Lease => kv.Lease.CompareTo(compare.Lease),
            _ => kv.Value is null ? int.MinValue : kv.Value.AsSpan().SequenceCompareTo(compare.Value ?? []),
        };
        if (relation == int.MinValue)
        {
            return false;
        }

        return compare.Result switch
        {
            CompareResult.Equal => relation == 0,
            CompareResult.Greater => relation > 0,
            CompareResult.Less => relation < 0,
            _ => relation != 0,
        };
    }

    private static IEnumerable<KeyValue> Sort(List<KeyValue> kvs, SortOrder order, SortTarget target)
    {
        if (order == SortOrder.None && target == SortTarget.Key)
        {
            return kvs;
        }

        Func<KeyValue, IComparable> selector = target switch
        {
            SortTarget.Version => kv => kv.Version,
            SortTarget.Create => kv => kv.CreateRevision,
            SortTarget.Mod => kv => kv.ModRevision,
            SortTarget.Value => kv => Convert.ToHexString(kv.Value ?? []),
            _ => kv => Convert.ToHexString(kv.Key!),
        };
        return order == SortOrder.Descend ? kvs.OrderByDescending(selector) : kvs.OrderBy(selector);
    }
}
