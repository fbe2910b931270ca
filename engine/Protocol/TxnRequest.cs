using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>A transaction: if every compare holds run success, else failure (etcdserverpb.TxnRequest).</summary>
public sealed class TxnRequest
{
    [JsonPropertyName("compare")]
    public List<Compare>? Compare { get; set; }

    [JsonPropertyName("success")]
    public List<RequestOp>? Success { get; set; }

    [JsonPropertyName("failure")]
    public List<RequestOp>? Failure { get; set; }
}
