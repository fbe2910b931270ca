using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>One active alarm: which member raised which alarm.</summary>
public sealed class AlarmMember
{
    [JsonPropertyName("memberID")]
    public ulong MemberID { get; set; }

    [JsonPropertyName("alarm")]
    public AlarmType Alarm { get; set; }
}
