using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The answer to a TxnRequest.</summary>
public sealed class TxnResponse
{
    [JsonPropertyName("header")]
    public ResponseHeader? Header { get; set; }

    [JsonPropertyName("succeeded")]
    public bool Succeeded { get; set; }

    [JsonPropertyName("responses")]
    public List<ResponseOp>? Responses { get; set; }
}
