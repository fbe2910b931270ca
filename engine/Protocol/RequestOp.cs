using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>One operation of a txn branch; exactly one member is set (etcdserverpb.RequestOp).</summary>
public sealed class RequestOp
{
    [JsonPropertyName("request_range")]
    public RangeRequest? RequestRange { get; set; }

    [JsonPropertyName("request_put")]
    public PutRequest? RequestPut { get; set; }

    [JsonPropertyName("request_delete_range")]
    public DeleteRangeRequest? RequestDeleteRange { get; set; }

    [JsonPropertyName("request_txn")]
    public TxnRequest? RequestTxn { get; set; }
}
