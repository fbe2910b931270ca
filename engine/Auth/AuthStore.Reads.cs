using Engine.Protocol;

namespace Engine.Auth;

/// <summary>The auth store's reads (UserGet/List, RoleGet/List, Status); headers are filled by the server.</summary>
public sealed partial class AuthStore
{
    public AuthStatusResponse Status()
    {
        var state = _state;
        return new AuthStatusResponse { Enabled = state.Enabled, AuthRevision = state.Revision };
    }

    public Outcome<AuthUserGetResponse> UserGet(string name) =>
        _state.FindUser(name) is { } user ? new AuthUserGetResponse { Roles = [.. user.Roles] } : EtcdErrors.UserNotFound;

    public AuthUserListResponse UserList() => new() { Users = [.. _state.Users.Keys] };

    /// <summary>RoleGet; role root answers READWRITE on every key (etcd's rootPerm) whatever it was granted.</summary>
    public Outcome<AuthRoleGetResponse> RoleGet(string name)
    {
        if (_state.FindRole(name) is not { } role)
        {
            return EtcdErrors.RoleNotFound;
        }

        return name == RootRole
            ? new AuthRoleGetResponse { Perm = [new Permission { PermType = PermissionType.ReadWrite, Key = [], RangeEnd = [0] }] }
            : new AuthRoleGetResponse { Perm = [.. role.Permissions.Select(p => p.ToProtocol())] };
    }

    public AuthRoleListResponse RoleList() => new() { Roles = [.. _state.Roles.Keys] };
}
