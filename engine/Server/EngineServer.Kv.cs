using Engine.Protocol;
using Engine.Server.Apply;

namespace Engine.Server;

/// <summary>The KV half of the v3 API: ranges (linearizable through ReadIndex unless serializable) and writes through raft.</summary>
public sealed partial class EngineServer
{
    public async ValueTask<Outcome<RangeResponse>> RangeAsync(RangeRequest request, CancellationToken cancel)
    {
        if (!request.Serializable && await LinearizableBarrierAsync(cancel).ConfigureAwait(false) is EtcdError error)
        {
            return error;
        }

        Observability.ServerMetrics.RangeTotal.Inc();
        var outcome = RangeOnCurrentStore(request);
        if (outcome.Value is { } value)
        {
            value.Header ??= Header();
            FillHeader(value.Header);
        }
        return outcome;
    }

    public async ValueTask<Outcome<PutResponse>> PutAsync(PutRequest request, CancellationToken cancel)
    {
        if (QuotaExceeded(request.Key!.Length + (request.Value?.Length ?? 0)) is EtcdError noSpace)
        {
            return noSpace;
        }

        var outcome = Result<PutResponse>(await ProposeAsync(new RaftRequest { Put = request }, cancel).ConfigureAwait(false));
        if (!outcome.IsError)
        {
            Observability.ServerMetrics.PutTotal.Inc();
        }

        if (outcome.Value is { } value)
        {
            value.Header ??= Header();
            FillHeader(value.Header);
        }
        return outcome;
    }

    public async ValueTask<Outcome<DeleteRangeResponse>> DeleteRangeAsync(DeleteRangeRequest request, CancellationToken cancel)
    {
        var outcome = Result<DeleteRangeResponse>(await ProposeAsync(new RaftRequest { DeleteRange = request }, cancel).ConfigureAwait(false));
        if (!outcome.IsError)
        {
            Observability.ServerMetrics.DeleteTotal.Inc();
        }

        if (outcome.Value is { } value)
        {
            value.Header ??= Header();
            FillHeader(value.Header);
        }
        return outcome;
    }

    public async ValueTask<Outcome<TxnResponse>> TxnAsync(TxnRequest request, CancellationToken cancel)
    {
        Outcome<TxnResponse> outcome;
        if (IsReadOnly(request))
        {
            if (await LinearizableBarrierAsync(cancel).ConfigureAwait(false) is EtcdError error)
            {
                return error;
            }

            using var txn = _kv.BeginWrite();
            outcome = txn.Txn(request);
        }
        else
        {
            if (HasPuts(request) && QuotaExceeded(256) is EtcdError noSpace)
            {
                return noSpace;
            }

            outcome = Result<TxnResponse>(await ProposeAsync(new RaftRequest { Txn = request }, cancel).ConfigureAwait(false));
        }

        Observability.ServerMetrics.TxnTotal.Inc();
        FillTxnHeaders(outcome.Value);
        return outcome;
    }

    public async ValueTask<Outcome<CompactionResponse>> CompactAsync(CompactionRequest request, CancellationToken cancel)
    {
        var outcome = Result<CompactionResponse>(await ProposeAsync(new RaftRequest { Compaction = request }, cancel).ConfigureAwait(false));
        if (!outcome.IsError && request.Physical)
        {
            await _kv.WhenCompacted(request.Revision).WaitAsync(cancel).ConfigureAwait(false);
            _backend.ForceCommit();
        }

        if (outcome.Value is { } value)
        {
            value.Header ??= Header();
            FillHeader(value.Header);
        }
        return outcome;
    }

    /// <summary>NOSPACE: writes that grow the db are refused while the alarm is active or once the quota would be exceeded (raising the alarm).</summary>
    private EtcdError? QuotaExceeded(long cost)
    {
        if (_alarms.Has(AlarmType.NoSpace))
        {
            return EtcdErrors.NoSpace;
        }

        if (_backend.IsQuotaAvailable(cost + 256))
        {
            return null;
        }

        _ = ProposeAsync(new RaftRequest { Alarm = new AlarmChange { Activate = true, MemberId = MemberId, Alarm = (int)AlarmType.NoSpace } }, CancellationToken.None).AsTask();
        return EtcdErrors.NoSpace;
    }

    private static bool IsReadOnly(TxnRequest request) =>
        AllReadOnly(request.Success) && AllReadOnly(request.Failure);

    private static bool AllReadOnly(List<RequestOp>? ops) =>
        ops is null || ops.All(op => op.RequestRange is not null || (op.RequestTxn is { } nested && IsReadOnly(nested)));

    private static bool HasPuts(TxnRequest request) =>
        AnyPut(request.Success) || AnyPut(request.Failure);

    private static bool AnyPut(List<RequestOp>? ops) =>
        ops is not null && ops.Any(op => op.RequestPut is not null || (op.RequestTxn is { } nested && HasPuts(nested)));

    private void FillTxnHeaders(TxnResponse? response)
    {
        if (response is null)
        {
            return;
        }

        FillHeader(response.Header);
        foreach (var op in response.Responses ?? [])
        {
            FillHeader(op.ResponseRange?.Header);
            FillHeader(op.ResponsePut?.Header);
            FillHeader(op.ResponseDeleteRange?.Header);
            if (op.ResponseTxn is { } nested)
            {
                // etcd fills only the outermost txn header; a nested txn's header stays empty.
                FillTxnHeaders(nested);
                nested.Header = new ResponseHeader();
            }
        }
    }
}
