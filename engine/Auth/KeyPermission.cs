using Engine.Auth.Permissions;
using Engine.Protocol;

namespace Engine.Auth;

/// <summary>
/// A role's permission on a key, a [key, range_end) range or every key from key on (range_end "\0"),
/// immutable (authpb.Permission). <see cref="RangeEnd"/> is empty for a single key.
/// </summary>
public sealed class KeyPermission
{
    public KeyPermission(PermissionType type, byte[] key, byte[] rangeEnd)
    {
        Type = type;
        Key = key;
        RangeEnd = rangeEnd;
    }

    public PermissionType Type { get; }

    public byte[] Key { get; }

    public byte[] RangeEnd { get; }

    /// <summary>The keys it applies to.</summary>
    public KeyInterval Interval => KeyInterval.FromRange(Key, RangeEnd);

    public bool Allows(PermissionType wanted) => Type == PermissionType.ReadWrite || Type == wanted;

    /// <summary>Same key and range end (what RoleRevokePermission matches and RoleGrantPermission updates).</summary>
    public bool SameKeys(ReadOnlySpan<byte> key, ReadOnlySpan<byte> rangeEnd) =>
        Key.AsSpan().SequenceEqual(key) && RangeEnd.AsSpan().SequenceEqual(rangeEnd);

    /// <summary>
    /// etcd's isValidPermissionRange: a key is required; range_end is empty (one key), "\0" (open-ended)
    /// or after the key.
    /// </summary>
    public static bool IsValidRange(ReadOnlySpan<byte> key, ReadOnlySpan<byte> rangeEnd) =>
        key.Length > 0 && (rangeEnd.Length == 0 || KeyInterval.IsOpenEnd(rangeEnd) || key.SequenceCompareTo(rangeEnd) < 0);

    public Permission ToProtocol() => new() { PermType = Type, Key = Key, RangeEnd = RangeEnd.Length == 0 ? null : RangeEnd };
}
