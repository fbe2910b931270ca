using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>What a key permission allows (authpb.Permission.Type; JSON as etcd's gateway: the name, an integer is accepted too).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PermissionType>))]
public enum PermissionType
{
    [JsonStringEnumMemberName("READ")]
    Read = 0,

    [JsonStringEnumMemberName("WRITE")]
    Write = 1,

    [JsonStringEnumMemberName("READWRITE")]
    ReadWrite = 2,
}
