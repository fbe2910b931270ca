using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>The relation a txn compare checks. JSON uses the proto enum names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CompareResult>))]
public enum CompareResult
{
    [JsonStringEnumMemberName("EQUAL")]
    Equal = 0,

    [JsonStringEnumMemberName("GREATER")]
    Greater = 1,

    [JsonStringEnumMemberName("LESS")]
    Less = 2,

    [JsonStringEnumMemberName("NOT_EQUAL")]
    NotEqual = 3,
}
