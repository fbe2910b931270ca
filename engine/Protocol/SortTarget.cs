using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>What a range is sorted by. JSON uses the proto enum names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SortTarget>))]
public enum SortTarget
{
    [JsonStringEnumMemberName("KEY")]
    Key = 0,

    [JsonStringEnumMemberName("VERSION")]
    Version = 1,

    [JsonStringEnumMemberName("CREATE")]
    Create = 2,

    [JsonStringEnumMemberName("MOD")]
    Mod = 3,

    [JsonStringEnumMemberName("VALUE")]
    Value = 4,
}
