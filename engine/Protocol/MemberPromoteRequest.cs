using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Promotes a learner to a voting member.</summary>
public sealed class MemberPromoteRequest
{
    [JsonPropertyName("ID")]
    public ulong ID { get; set; }
}
