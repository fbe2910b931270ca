using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>
/// A key permission of a role (authpb.Permission): one key (empty <c>range_end</c>), the range
/// [key, range_end), or every key from <c>key</c> on (<c>range_end</c> = "\0"; with key "\0" that is every key).
/// A prefix permission is the range [prefix, prefix+1).
/// </summary>
public sealed class Permission
{
    [JsonPropertyName("permType")]
    public PermissionType PermType { get; set; }

    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    [JsonPropertyName("range_end")]
    public byte[]? RangeEnd { get; set; }
}
