using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Lists the members.</summary>
public sealed class MemberListRequest
{
    /// <summary>Read the list through ReadIndex (3.5+).</summary>
    [JsonPropertyName("linearizable")]
    public bool Linearizable { get; set; }
}
