using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Grants a lease (etcdserverpb.LeaseGrantRequest).</summary>
public sealed class LeaseGrantRequest
{
    /// <summary>Seconds.</summary>
    [JsonPropertyName("TTL")]
    public long TTL { get; set; }

    /// <summary>0 = chosen by the server.</summary>
    [JsonPropertyName("ID")]
    public long ID { get; set; }
}
