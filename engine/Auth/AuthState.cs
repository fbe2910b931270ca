using System.Collections.Frozen;
using System.Collections.Immutable;
using Engine.Auth.Permissions;

namespace Engine.Auth;

/// <summary>
/// One immutable version of the auth store: on/off, the auth revision, users and roles by name (ordinal
/// order, as bbolt's keys) and every user's merged permissions. Readers take the current version without a lock;
/// the applier swaps in a new one per change.
/// </summary>
public sealed class AuthState
{
    public static readonly AuthState Empty = new(
        false, 0, ImmutableSortedDictionary<string, AuthUser>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedDictionary<string, AuthRole>.Empty.WithComparers(StringComparer.Ordinal));

    private AuthState(bool enabled, ulong revision, ImmutableSortedDictionary<string, AuthUser> users, ImmutableSortedDictionary<string, AuthRole> roles)
    {
        Enabled = enabled;
        Revision = revision;
        Users = users;
        Roles = roles;
        Permissions = users.Values.ToFrozenDictionary(u => u.Name, u => UserPermissions.Of(u, FindRole), StringComparer.Ordinal);
    }

    public bool Enabled { get; }

    public ulong Revision { get; }

    public ImmutableSortedDictionary<string, AuthUser> Users { get; }

    public ImmutableSortedDictionary<string, AuthRole> Roles { get; }

    /// <summary>Each user's merged permissions (etcd's rangePermCache), rebuilt with every version.</summary>
    public FrozenDictionary<string, UserPermissions> Permissions { get; }

    public AuthUser? FindUser(string name) => Users.GetValueOrDefault(name);

    public AuthRole? FindRole(string name) => Roles.GetValueOrDefault(name);

    public AuthState With(bool? enabled = null, ulong? revision = null, ImmutableSortedDictionary<string, AuthUser>? users = null, ImmutableSortedDictionary<string, AuthRole>? roles = null) =>
        new(enabled ?? Enabled, revision ?? Revision, users ?? Users, roles ?? Roles);
}
