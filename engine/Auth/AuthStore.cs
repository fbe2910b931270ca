using System.Collections.Immutable;
using Engine.Auth.Passwords;
using Engine.Auth.Storage;
using Engine.Auth.Tokens;
using Engine.Protocol;

namespace Engine.Auth;

/// <summary>
/// etcd's auth store (server/auth/store.go) as a deterministic core. Changes (<c>AuthEnable</c> …
/// <c>RoleGrantPermission</c>) are called by the applier only, once per applied raft entry, in entry order; each
/// successful change bumps the auth revision and is written through the <see cref="IAuthStorageWriter"/> handed in.
/// Checks (<see cref="CheckPermission"/>, <see cref="CheckAdmin"/>) and reads may run on any thread: they read
/// one immutable <see cref="AuthState"/>. Passwords are hashed before proposing (<see cref="PasswordHasher"/>),
/// so entries never carry clear text and applying is cheap.
/// </summary>
public sealed partial class AuthStore
{
    public const string RootUser = "root";
    public const string RootRole = "root";

    private readonly ITokenProvider _tokens;
    private volatile AuthState _state = AuthState.Empty;

    public AuthStore(ITokenProvider tokens) => _tokens = tokens;

    /// <summary>The current version (immutable).</summary>
    public AuthState State => _state;

    public bool Enabled => _state.Enabled;

    public ulong Revision => _state.Revision;

    public ITokenProvider Tokens => _tokens;

    /// <summary>
    /// Loads what the backend holds (start, or a db received as a snapshot). A store that never had a
    /// revision gets revision 1, written back, as etcd's NewAuthStore.
    /// </summary>
    public void Recover(AuthStoreContents contents, IAuthStorageWriter? writer)
    {
        var users = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, contents.Users.Select(u => KeyValuePair.Create(u.Name, u)));
        var roles = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, contents.Roles.Select(r => KeyValuePair.Create(r.Name, r)));
        ulong revision = contents.Revision;
        if (revision == 0)
        {
            revision = 1;
            writer?.SaveRevision(revision);
        }

        bool wasEnabled = _state.Enabled;
        _state = AuthState.Empty.With(contents.Enabled, revision, users, roles);
        if (contents.Enabled && !wasEnabled)
        {
            _tokens.Enable();
        }
        else if (!contents.Enabled && wasEnabled)
        {
            _tokens.Disable();
        }
    }

    /// <summary>AuthEnable: needs user root holding role root; a no-op when already on (no revision bump, as etcd).</summary>
    public EtcdError? AuthEnable(IAuthStorageWriter writer)
    {
        var state = _state;
        if (state.Enabled)
        {
            return null;
        }

        var root = state.FindUser(RootUser);
        if (root is null)
        {
            return EtcdErrors.RootUserNotExist;
        }

        if (!root.HasRole(RootRole))
        {
            return EtcdErrors.RootRoleNotExist;
        }

        writer.SaveEnabled(true);
        _state = state.With(enabled: true);
        _tokens.Enable();
        return null;
    }

    /// <summary>AuthDisable: a no-op when already off; otherwise off, revision bumped, every token forgotten.</summary>
    public EtcdError? AuthDisable(IAuthStorageWriter writer)
    {
        var state = _state;
        if (!state.Enabled)
        {
            return null;
        }

        writer.SaveEnabled(false);
        Commit(writer, state.With(enabled: false));
        _tokens.Disable();
        return null;
    }

    /// <summary>UserAdd with an already hashed password (null for a no-password user).</summary>
    public EtcdError? UserAdd(string name, byte[]? passwordHash, bool noPassword, IAuthStorageWriter writer)
    {
        var state = _state;
        if (name.Length == 0)
        {
            return EtcdErrors.UserEmpty;
        }

        if (state.FindUser(name) is not null)
        {
            return EtcdErrors.UserAlreadyExist;
        }

        var user = new AuthUser(name, noPassword ? null : passwordHash, noPassword, []);
        writer.PutUser(user);
        Commit(writer, state.With(users: state.Users.SetItem(name, user)));
        return null;
    }

    /// <summary>UserDelete; user root cannot be deleted while authentication is on.</summary>
    public EtcdError? UserDelete(string name, IAuthStorageWriter writer)
    {
        var state = _state;
        if (state.Enabled && name == RootUser)
        {
            return EtcdErrors.InvalidAuthMgmt;
        }

        if (state.FindUser(name) is null)
        {
            return EtcdErrors.UserNotFound;
        }

        writer.DeleteUser(name);
        Commit(writer, state.With(users: state.Users.Remove(name)));
        _tokens.InvalidateUser(name);
        return null;
    }

    /// <summary>UserChangePassword with an already hashed password; the user's simple tokens stop working.</summary>
    public EtcdError? UserChangePassword(string name, byte[]? passwordHash, IAuthStorageWriter writer)
    {
        var state = _state;
        var user = state.FindUser(name);
        if (user is null)
        {
            return EtcdErrors.UserNotFound;
        }

        var updated = user.WithPassword(user.NoPassword ? null : passwordHash);
        writer.PutUser(updated);
        Commit(writer, state.With(users: state.Users.SetItem(name, updated)));
        _tokens.InvalidateUser(name);
        return null;
    }

    /// <summary>UserGrantRole; role root needs not exist as a role; granting a held role changes nothing.</summary>
    public EtcdError? UserGrantRole(string userName, string role, IAuthStorageWriter writer)
    {
        var state = _state;
        var user = state.FindUser(userName);
        if (user is null)
        {
            return EtcdErrors.UserNotFound;
        }

        if (role != RootRole && state.FindRole(role) is null)
        {
            return EtcdErrors.RoleNotFound;
        }

        if (user.HasRole(role))
        {
            return null;
        }

        var updated = user.WithRoles([.. user.Roles.Append(role).Order(StringComparer.Ordinal)]);
        writer.PutUser(updated);
        Commit(writer, state.With(users: state.Users.SetItem(userName, updated)));
        return null;
    }

    /// <summary>UserRevokeRole; role root cannot be revoked from user root while authentication is on.</summary>
    public EtcdError? UserRevokeRole(string userName, string role, IAuthStorageWriter writer)
    {
        var state = _state;
        if (state.Enabled && userName == RootUser && role == RootRole)
        {
            return EtcdErrors.InvalidAuthMgmt;
        }

        var user = state.FindUser(userName);
        if (user is null)
        {
            return EtcdErrors.UserNotFound;
        }

        if (!user.HasRole(role))
        {
            return EtcdErrors.RoleNotGranted;
        }

        var updated = user.WithRoles([.. user.Roles.Where(r => r != role)]);
        writer.PutUser(updated);
        Commit(writer, state.With(users: state.Users.SetItem(userName, updated)));
        return null;
    }

    /// <summary>RoleAdd.</summary>
    public EtcdError? RoleAdd(string name, IAuthStorageWriter writer)
    {
        var state = _state;
        if (name.Length == 0)
        {
            return EtcdErrors.RoleEmpty;
        }

        if (state.FindRole(name) is not null)
        {
            return EtcdErrors.RoleAlreadyExist;
        }

        var role = new AuthRole(name, []);
        writer.PutRole(role);
        Commit(writer, state.With(roles: state.Roles.SetItem(name, role)));
        return null;
    }

    /// <summary>RoleDelete: also revoked from every user holding it; role root cannot be deleted while authentication is on.</summary>
    public EtcdError? RoleDelete(string name, IAuthStorageWriter writer)
    {
        var state = _state;
        if (state.Enabled && name == RootRole)
        {
            return EtcdErrors.InvalidAuthMgmt;
        }

        if (state.FindRole(name) is null)
        {
            return EtcdErrors.RoleNotFound;
        }

        writer.DeleteRole(name);
        var users = state.Users;
        foreach (var user in state.Users.Values.Where(u => u.HasRole(name)))
        {
            var updated = user.WithRoles([.. user.Roles.Where(r => r != name)]);
            writer.PutUser(updated);
            users = users.SetItem(user.Name, updated);
        }

        Commit(writer, state.With(users: users, roles: state.Roles.Remove(name)));
        return null;
    }

    /// <summary>
    /// RoleGrantPermission: a permission on the same key and range end is updated in place, otherwise added
    /// (kept sorted by key). A key is required and the range must not be empty (etcd's isValidPermissionRange).
    /// </summary>
    public EtcdError? RoleGrantPermission(string roleName, KeyPermission? permission, IAuthStorageWriter writer)
    {
        var state = _state;
        if (permission is null)
        {
            return EtcdErrors.PermissionNotGiven;
        }

        if (!KeyPermission.IsValidRange(permission.Key, permission.RangeEnd))
        {
            return EtcdErrors.InvalidAuthMgmt;
        }

        var role = state.FindRole(roleName);
        if (role is null)
        {
            return EtcdErrors.RoleNotFound;
        }

        var kept = role.Permissions.Where(p => !p.SameKeys(permission.Key, permission.RangeEnd));
        var updated = new AuthRole(roleName, [.. kept.Append(permission).OrderBy(p => p.Key, Permissions.ByteArrayComparer.Instance)]);
        writer.PutRole(updated);
        Commit(writer, state.With(roles: state.Roles.SetItem(roleName, updated)));
        return null;
    }

    /// <summary>RoleRevokePermission: removes the permission on exactly (key, range end).</summary>
    public EtcdError? RoleRevokePermission(string roleName, byte[] key, byte[] rangeEnd, IAuthStorageWriter writer)
    {
        var state = _state;
        var role = state.FindRole(roleName);
        if (role is null)
        {
            return EtcdErrors.RoleNotFound;
        }

        var kept = role.Permissions.Where(p => !p.SameKeys(key, rangeEnd)).ToList();
        if (kept.Count == role.Permissions.Count)
        {
            return EtcdErrors.PermissionNotGranted;
        }

        var updated = new AuthRole(roleName, kept);
        writer.PutRole(updated);
        Commit(writer, state.With(roles: state.Roles.SetItem(roleName, updated)));
        return null;
    }

    /// <summary>
    /// Applies an Authenticate entry (the password was checked before proposing): issues a token at this
    /// entry's raft index. AuthNotEnabled when off; AuthFailed when the user is gone or has no password.
    /// </summary>
    public EtcdError? Authenticate(string userName, string tokenPrefix, ulong raftIndex, out string? token)
    {
        token = null;
        var state = _state;
        if (!state.Enabled)
        {
            return EtcdErrors.AuthNotEnabled;
        }

        var user = state.FindUser(userName);
        if (user is null || user.NoPassword)
        {
            return EtcdErrors.AuthFailed;
        }

        token = _tokens.Assign(userName, state.Revision, tokenPrefix, raftIndex, out string? error);
        return token is null ? new EtcdError(GrpcCode.Unknown, error ?? "auth: failed to assign a token") : null;
    }

    private void Commit(IAuthStorageWriter writer, AuthState next)
    {
        var bumped = next.With(revision: next.Revision + 1);
        writer.SaveRevision(bumped.Revision);
        _state = bumped;
    }
}
