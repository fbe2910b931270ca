using Engine.Protocol;

namespace Engine.Auth.Permissions;

/// <summary>
/// One user's merged permissions (etcd's unifiedRangePermissions): the union of its roles' READ and WRITE
/// key ranges (READWRITE counts for both); a user with role root may do anything.
/// </summary>
public sealed class UserPermissions
{
    private UserPermissions(bool isRoot, KeyRangeSet read, KeyRangeSet write)
    {
        IsRoot = isRoot;
        Read = read;
        Write = write;
    }

    public bool IsRoot { get; }

    public KeyRangeSet Read { get; }

    public KeyRangeSet Write { get; }

    /// <summary>Merges the permissions of <paramref name="user"/>'s roles (roles that do not exist are skipped).</summary>
    public static UserPermissions Of(AuthUser user, Func<string, AuthRole?> findRole)
    {
        var perms = user.Roles.Select(findRole).Where(r => r is not null).SelectMany(r => r!.Permissions).ToList();
        return new UserPermissions(
            user.HasRole(AuthStore.RootRole),
            KeyRangeSet.Of(perms.Where(p => p.Allows(PermissionType.Read)).Select(p => p.Interval)),
            KeyRangeSet.Of(perms.Where(p => p.Allows(PermissionType.Write)).Select(p => p.Interval)));
    }

    /// <summary>
    /// Whether the (key, range_end) request is allowed for <paramref name="wanted"/> (Read or Write):
    /// one key must lie in a permitted range; a range must be covered entirely (etcd's checkKeyPoint / checkKeyInterval).
    /// </summary>
    public bool Allows(PermissionType wanted, byte[] key, byte[]? rangeEnd)
    {
        if (IsRoot)
        {
            return true;
        }

        var set = wanted == PermissionType.Read ? Read : Write;
        return rangeEnd is null || rangeEnd.Length == 0 ? set.ContainsKey(key) : set.Covers(KeyInterval.FromRange(key, rangeEnd));
    }
}
