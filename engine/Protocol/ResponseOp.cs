using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The result of one txn operation; exactly one member is set.</summary>
public sealed class ResponseOp
{
    [JsonPropertyName("response_range")]
    public RangeResponse? ResponseRange { get; set; }

    [JsonPropertyName("response_put")]
    public PutResponse? ResponsePut { get; set; }

    [JsonPropertyName("response_delete_range")]
    public DeleteRangeResponse? ResponseDeleteRange { get; set; }

    [JsonPropertyName("response_txn")]
    public TxnResponse? ResponseTxn { get; set; }
}
