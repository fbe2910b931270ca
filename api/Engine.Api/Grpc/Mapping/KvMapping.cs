using Engine.Protocol;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Api.Grpc.Mapping;

/// <summary>The KV service's messages: proto request → engine request, engine response → proto response.</summary>
public static class KvMapping
{
    public static RangeRequest ToEngine(Wire.RangeRequest request) => new()
    {
        Key = ProtoValues.Bytes(request.Key),
        RangeEnd = ProtoValues.Bytes(request.RangeEnd),
        Limit = request.Limit,
        Revision = request.Revision,
        SortOrder = (SortOrder)(int)request.SortOrder,
        SortTarget = (SortTarget)(int)request.SortTarget,
        Serializable = request.Serializable,
        KeysOnly = request.KeysOnly,
        CountOnly = request.CountOnly,
        MinModRevision = request.MinModRevision,
        MaxModRevision = request.MaxModRevision,
        MinCreateRevision = request.MinCreateRevision,
        MaxCreateRevision = request.MaxCreateRevision,
    };

    public static PutRequest ToEngine(Wire.PutRequest request) => new()
    {
        Key = ProtoValues.Bytes(request.Key),
        Value = ProtoValues.Bytes(request.Value),
        Lease = request.Lease,
        PrevKv = request.PrevKv,
        IgnoreValue = request.IgnoreValue,
        IgnoreLease = request.IgnoreLease,
    };

    public static DeleteRangeRequest ToEngine(Wire.DeleteRangeRequest request) => new()
    {
        Key = ProtoValues.Bytes(request.Key),
        RangeEnd = ProtoValues.Bytes(request.RangeEnd),
        PrevKv = request.PrevKv,
    };

    public static CompactionRequest ToEngine(Wire.CompactionRequest request) => new()
    {
        Revision = request.Revision,
        Physical = request.Physical,
    };

    public static TxnRequest ToEngine(Wire.TxnRequest request)
    {
        var txn = new TxnRequest();
        if (request.Compare.Count > 0)
        {
            txn.Compare = new List<Compare>(request.Compare.Count);
            foreach (Wire.Compare compare in request.Compare)
            {
                txn.Compare.Add(ToEngine(compare));
            }
        }

        txn.Success = ToEngine(request.Success);
        txn.Failure = ToEngine(request.Failure);
        return txn;
    }

    public static Wire.RangeResponse ToProto(RangeResponse response)
    {
        var result = new Wire.RangeResponse { Header = ProtoValues.Header(response.Header), More = response.More, Count = response.Count };
        ProtoValues.AddAll(result.Kvs, response.Kvs);
        return result;
    }

    public static Wire.PutResponse ToProto(PutResponse response)
    {
        var result = new Wire.PutResponse { Header = ProtoValues.Header(response.Header) };
        if (response.PrevKv is { } prev)
        {
            result.PrevKv = ProtoValues.KeyValue(prev);
        }

        return result;
    }

    public static Wire.DeleteRangeResponse ToProto(DeleteRangeResponse response)
    {
        var result = new Wire.DeleteRangeResponse { Header = ProtoValues.Header(response.Header), Deleted = response.Deleted };
        ProtoValues.AddAll(result.PrevKvs, response.PrevKvs);
        return result;
    }

    public static Wire.CompactionResponse ToProto(CompactionResponse response) => new() { Header = ProtoValues.Header(response.Header) };

    public static Wire.TxnResponse ToProto(TxnResponse response)
    {
        var result = new Wire.TxnResponse { Header = ProtoValues.Header(response.Header), Succeeded = response.Succeeded };
        if (response.Responses is { } ops)
        {
            foreach (ResponseOp op in ops)
            {
                result.Responses.Add(ToProto(op));
            }
        }

        return result;
    }

    /// <summary>The compare's target_union oneof becomes the flattened field the engine reads for its target.</summary>
    private static Compare ToEngine(Wire.Compare compare) => new()
    {
        Result = (CompareResult)(int)compare.Result,
        Target = (CompareTarget)(int)compare.Target,
        Key = ProtoValues.Bytes(compare.Key),
        RangeEnd = ProtoValues.Bytes(compare.RangeEnd),
        Version = compare.TargetUnionCase == Wire.Compare.TargetUnionOneofCase.Version ? compare.Version : 0,
        CreateRevision = compare.TargetUnionCase == Wire.Compare.TargetUnionOneofCase.CreateRevision ? compare.CreateRevision : 0,
        ModRevision = compare.TargetUnionCase == Wire.Compare.TargetUnionOneofCase.ModRevision ? compare.ModRevision : 0,
        Value = compare.TargetUnionCase == Wire.Compare.TargetUnionOneofCase.Value ? compare.Value.ToByteArray() : null,
        Lease = compare.TargetUnionCase == Wire.Compare.TargetUnionOneofCase.Lease ? compare.Lease : 0,
    };

    private static List<RequestOp>? ToEngine(Google.Protobuf.Collections.RepeatedField<Wire.RequestOp> ops)
    {
        if (ops.Count == 0)
        {
            return null;
        }

        var result = new List<RequestOp>(ops.Count);
        foreach (Wire.RequestOp op in ops)
        {
            result.Add(op.RequestCase switch
            {
                Wire.RequestOp.RequestOneofCase.RequestRange => new RequestOp { RequestRange = ToEngine(op.RequestRange) },
                Wire.RequestOp.RequestOneofCase.RequestPut => new RequestOp { RequestPut = ToEngine(op.RequestPut) },
                Wire.RequestOp.RequestOneofCase.RequestDeleteRange => new RequestOp { RequestDeleteRange = ToEngine(op.RequestDeleteRange) },
                Wire.RequestOp.RequestOneofCase.RequestTxn => new RequestOp { RequestTxn = ToEngine(op.RequestTxn) },
                _ => new RequestOp(),
            });
        }

        return result;
    }

    /// <summary>A txn's inner response; etcd's inner headers carry only the revision (etcd 3.4 applyTxn).</summary>
    private static Wire.ResponseOp ToProto(ResponseOp op)
    {
        var result = new Wire.ResponseOp();
        if (op.ResponseRange is { } range)
        {
            result.ResponseRange = ToProto(range);
            result.ResponseRange.Header = RevisionOnly(range.Header);
        }
        else if (op.ResponsePut is { } put)
        {
            result.ResponsePut = ToProto(put);
            result.ResponsePut.Header = RevisionOnly(put.Header);
        }
        else if (op.ResponseDeleteRange is { } delete)
        {
            result.ResponseDeleteRange = ToProto(delete);
            result.ResponseDeleteRange.Header = RevisionOnly(delete.Header);
        }
        else if (op.ResponseTxn is { } txn)
        {
            result.ResponseTxn = ToProto(txn);
            result.ResponseTxn.Header = RevisionOnly(txn.Header);
        }

        return result;
    }

    private static Wire.ResponseHeader RevisionOnly(ResponseHeader? header) => new() { Revision = header?.Revision ?? 0 };
}
