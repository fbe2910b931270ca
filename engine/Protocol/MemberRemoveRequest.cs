using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Removes a member.</summary>
public sealed class MemberRemoveRequest
{
    [JsonPropertyName("ID")]
    public ulong ID { get; set; }
}
