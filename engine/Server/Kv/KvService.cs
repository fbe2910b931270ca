using Engine.Protocol;
using Engine.Protocol.Services;
using Engine.Server.Entries;
using Engine.Server.Maintenance;
using Engine.Server.Observability;
using Engine.Server.Proposals;
using Engine.Server.State;

namespace Engine.Server.Kv;

/// <summary>
/// etcd's KV service: ranges and read-only txns are served from the current MVCC store (after a ReadIndex barrier
/// unless serializable); puts, deletes, writing txns and compactions go through raft (<see cref="Proposer"/>).
/// </summary>
internal sealed class KvService(MemberStateHolder state, Proposer proposer, ResponseHeaders headers, NoSpaceQuota quota) : IKvService
{
    public async ValueTask<Outcome<RangeResponse>> RangeAsync(RangeRequest request, CancellationToken cancel)
    {
        if (!request.Serializable && await proposer.LinearizableBarrierAsync(cancel).ConfigureAwait(false) is EtcdError error)
        {
            return error;
        }

        ServerMetrics.RangeTotal.Inc();
        var outcome = state.Read(request, static (current, range) => current.Kv.Range(range));
        if (outcome.Value is { } value)
        {
            value.Header = headers.Completed(value.Header);
        }

        return outcome;
    }

    public async ValueTask<Outcome<PutResponse>> PutAsync(PutRequest request, CancellationToken cancel)
    {
        if (quota.Check(request.Key!.Length + (request.Value?.Length ?? 0)) is EtcdError noSpace)
        {
            return noSpace;
        }

        var outcome = await proposer.ProposeAsync<PutResponse>(new RaftRequest { Put = request }, cancel).ConfigureAwait(false);
        if (outcome.Value is { } value)
        {
            ServerMetrics.PutTotal.Inc();
            value.Header = headers.Completed(value.Header);
        }

        return outcome;
    }

    public async ValueTask<Outcome<DeleteRangeResponse>> DeleteRangeAsync(DeleteRangeRequest request, CancellationToken cancel)
    {
        var outcome = await proposer.ProposeAsync<DeleteRangeResponse>(new RaftRequest { DeleteRange = request }, cancel).ConfigureAwait(false);
        if (outcome.Value is { } value)
        {
            ServerMetrics.DeleteTotal.Inc();
            value.Header = headers.Completed(value.Header);
        }

        return outcome;
    }

    public async ValueTask<Outcome<TxnResponse>> TxnAsync(TxnRequest request, CancellationToken cancel)
    {
        Outcome<TxnResponse> outcome;
        if (TxnShape.IsReadOnly(request))
        {
            if (await proposer.LinearizableBarrierAsync(cancel).ConfigureAwait(false) is EtcdError error)
            {
                return error;
            }

            outcome = state.Read(request, static (current, txn) => ReadOnlyTxn(current, txn));
        }
        else
        {
            if (TxnShape.HasPuts(request) && quota.Check(256) is EtcdError noSpace)
            {
                return noSpace;
            }

            outcome = await proposer.ProposeAsync<TxnResponse>(new RaftRequest { Txn = request }, cancel).ConfigureAwait(false);
        }

        ServerMetrics.TxnTotal.Inc();
        FillTxnHeaders(outcome.Value);
        return outcome;
    }

    public async ValueTask<Outcome<CompactionResponse>> CompactAsync(CompactionRequest request, CancellationToken cancel)
    {
        var outcome = await proposer.ProposeAsync<CompactionResponse>(new RaftRequest { Compaction = request }, cancel).ConfigureAwait(false);
        if (!outcome.IsError && request.Physical)
        {
            var current = state.Current;
            await current.Kv.WhenCompacted(request.Revision).WaitAsync(cancel).ConfigureAwait(false);
            current.Backend.ForceCommit();
        }

        if (outcome.Value is { } value)
        {
            value.Header = headers.Completed(value.Header);
        }

        return outcome;
    }

    private static Outcome<TxnResponse> ReadOnlyTxn(MemberState current, TxnRequest request)
    {
        using var txn = current.Kv.BeginWrite();
        return txn.Txn(request);
    }

    private void FillTxnHeaders(TxnResponse? response)
    {
        if (response is null)
        {
            return;
        }

        headers.Fill(response.Header);
        foreach (var op in response.Responses ?? [])
        {
            headers.Fill(op.ResponseRange?.Header);
            headers.Fill(op.ResponsePut?.Header);
            headers.Fill(op.ResponseDeleteRange?.Header);
            if (op.ResponseTxn is { } nested)
            {
                // etcd fills only the outermost txn header; a nested txn's header stays empty.
                FillTxnHeaders(nested);
                nested.Header = new ResponseHeader();
            }
        }
    }
}
