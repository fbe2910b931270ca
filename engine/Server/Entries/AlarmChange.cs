using System.Text.Json.Serialization;

namespace Engine.Server.Entries;

/// <summary>A replicated alarm change: activate or deactivate an alarm type for a member (0 = every member).</summary>
public sealed class AlarmChange
{
    [JsonPropertyName("activate")]
    public bool Activate { get; set; }

    [JsonPropertyName("member_id")]
    public ulong MemberId { get; set; }

    /// <summary>1 = NOSPACE, 2 = CORRUPT (etcd's AlarmType numbers).</summary>
    [JsonPropertyName("alarm")]
    public int Alarm { get; set; }
}
