using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The field a txn compare reads. JSON uses the proto enum names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CompareTarget>))]
public enum CompareTarget
{
    [JsonStringEnumMemberName("VERSION")]
    Version = 0,

    [JsonStringEnumMemberName("CREATE")]
    Create = 1,

    [JsonStringEnumMemberName("MOD")]
    Mod = 2,

    [JsonStringEnumMemberName("VALUE")]
    Value = 3,

    [JsonStringEnumMemberName("LEASE")]
    Lease = 4,
}
