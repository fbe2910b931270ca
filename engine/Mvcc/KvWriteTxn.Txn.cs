using Engine.Protocol;
using Engine.Protocol.Validation;

namespace Engine.Mvcc;

/// <summary>
/// Txn as etcd applies it (etcd txn.go): every compare of the txn and of the nested txns on the taken path is
/// evaluated first, against the state before the txn; then the taken path is checked (put preconditions, range
/// revisions) so an error leaves nothing changed; then its operations run in order, all in one revision.
/// </summary>
public sealed partial class KvWriteTxn
{
    public Outcome<TxnResponse> Txn(TxnRequest r)
    {
        ThrowIfEnded();
        var error = RequestValidator.Check(r, _store.ValidationLimits);
        if (error is not null)
        {
            return error;
        }

        var plan = Plan(r);
        error = CheckPlan(plan);
        if (error is not null)
        {
            return error;
        }

        var response = Execute(plan);
        response.Header!.Revision = ViewRevision;
        return response;
    }

    /// <summary>The branch a txn takes and, for each of its operations that is a txn, that txn's plan.</summary>
    private sealed record TxnPlan(bool Succeeded, List<RequestOp> Ops, TxnPlan?[] Children);

    private TxnPlan Plan(TxnRequest r)
    {
        bool succeeded = (r.Compare ?? []).All(Holds);
        var ops = (succeeded ? r.Success : r.Failure) ?? [];
        var children = new TxnPlan?[ops.Count];
        for (int i = 0; i < ops.Count; i++)
        {
            if (ops[i].RequestTxn is { } nested)
            {
                children[i] = Plan(nested);
            }
        }

        return new TxnPlan(succeeded, ops, children);
    }

    private EtcdError? CheckPlan(TxnPlan plan)
    {
        for (int i = 0; i < plan.Ops.Count; i++)
        {
            var op = plan.Ops[i];
            EtcdError? error = null;
            if (op.RequestPut is { } put)
            {
                error = CheckPutPreconditions(put);
            }
            else if (op.RequestRange is { } range)
            {
                error = range.Revision == 0 ? null
                    : range.Revision > _beginRevision ? EtcdErrors.FutureRevision
                    : range.Revision < _compactRevision ? EtcdErrors.Compacted
                    : null;
            }
            else if (plan.Children[i] is { } child)
            {
                error = CheckPlan(child);
            }

            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private TxnResponse Execute(TxnPlan plan)
    {
        var responses = new List<ResponseOp>(plan.Ops.Count);
        for (int i = 0; i < plan.Ops.Count; i++)
        {
            var op = plan.Ops[i];
            var response = new ResponseOp();
            if (op.RequestRange is { } range)
            {
                response.ResponseRange = RangeUnchecked(range).Value;
            }
            else if (op.RequestPut is { } put)
            {
                response.ResponsePut = PutUnchecked(put);
            }
            else if (op.RequestDeleteRange is { } delete)
            {
                response.ResponseDeleteRange = DeleteRangeUnchecked(delete);
            }
            else if (plan.Children[i] is { } child)
            {
                response.ResponseTxn = Execute(child);
            }

            responses.Add(response);
        }

        return new TxnResponse { Header = new ResponseHeader(), Succeeded = plan.Succeeded, Responses = responses.Count == 0 ? null : responses };
    }

    /// <summary>etcd applyCompare: a missing key (or empty range) compares as a zero KeyValue, except VALUE which fails.</summary>
    private bool Holds(Compare c)
    {
        var found = RangeUnchecked(new RangeRequest { Key = c.Key, RangeEnd = c.RangeEnd });
        var kvs = found.Value?.Kvs;
        if (found.IsError)
        {
            return false;
        }

        if (kvs is null or { Count: 0 })
        {
            return c.Target != CompareTarget.Value && CompareOne(c, new KeyValue());
        }

        return kvs.All(kv => CompareOne(c, kv));
    }

    internal static bool CompareOne(Compare c, KeyValue kv)
    {
        int result = c.Target switch
        {
            CompareTarget.Value => (kv.Value ?? []).AsSpan().SequenceCompareTo(c.Value ?? []),
            CompareTarget.Create => kv.CreateRevision.CompareTo(c.CreateRevision),
            CompareTarget.Mod => kv.ModRevision.CompareTo(c.ModRevision),
            CompareTarget.Version => kv.Version.CompareTo(c.Version),
            CompareTarget.Lease => kv.Lease.CompareTo(c.Lease),
            _ => 0,
        };
        return c.Result switch
        {
            CompareResult.Equal => result == 0,
            CompareResult.NotEqual => result != 0,
            CompareResult.Greater => result > 0,
            CompareResult.Less => result < 0,
            _ => true,
        };
    }
}
