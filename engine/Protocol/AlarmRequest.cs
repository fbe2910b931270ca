using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Lists, raises or clears alarms (etcdserverpb.AlarmRequest).</summary>
public sealed class AlarmRequest
{
    [JsonPropertyName("action")]
    public AlarmAction Action { get; set; }

    /// <summary>0 = every member.</summary>
    [JsonPropertyName("memberID")]
    public ulong MemberID { get; set; }

    [JsonPropertyName("alarm")]
    public AlarmType Alarm { get; set; }
}
