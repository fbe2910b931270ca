namespace Engine.Protocol.Services;

/// <summary>
/// etcd's Auth service (etcdserverpb.Auth): authentication on/off, tokens, users, roles and key permissions.
/// Every method returns either a response (whose <c>header</c> the server fills) or one of
/// <see cref="EtcdErrors"/>; an exception means an environmental failure or a bug, never an expected outcome.
/// Changes go through raft and are applied once on every member. The caller's identity comes from
/// <see cref="RequestCredentials.Current"/>: with authentication on, every method but Authenticate and
/// AuthStatus needs the root role (UserGet of oneself and RoleGet of one's own role excepted, as etcd).
/// </summary>
public interface IAuthService
{
    /// <summary>AuthEnable. Errors: RootUserNotExist, RootRoleNotExist; enabling twice is a no-op.</summary>
    ValueTask<Outcome<AuthEnableResponse>> AuthEnableAsync(AuthEnableRequest request, CancellationToken cancel);

    /// <summary>AuthDisable (root only while enabled); disabling twice is a no-op.</summary>
    ValueTask<Outcome<AuthDisableResponse>> AuthDisableAsync(AuthDisableRequest request, CancellationToken cancel);

    /// <summary>AuthStatus: enabled and the auth revision.</summary>
    ValueTask<Outcome<AuthStatusResponse>> AuthStatusAsync(AuthStatusRequest request, CancellationToken cancel);

    /// <summary>Authenticate. Errors: AuthNotEnabled, AuthFailed (unknown user, wrong password, no-password user), TooManyRequests (guessing).</summary>
    ValueTask<Outcome<AuthenticateResponse>> AuthenticateAsync(AuthenticateRequest request, CancellationToken cancel);

    /// <summary>UserAdd. Errors: UserEmpty, UserAlreadyExist.</summary>
    ValueTask<Outcome<AuthUserAddResponse>> UserAddAsync(AuthUserAddRequest request, CancellationToken cancel);

    /// <summary>UserGet. Errors: UserNotFound.</summary>
    ValueTask<Outcome<AuthUserGetResponse>> UserGetAsync(AuthUserGetRequest request, CancellationToken cancel);

    /// <summary>UserList.</summary>
    ValueTask<Outcome<AuthUserListResponse>> UserListAsync(AuthUserListRequest request, CancellationToken cancel);

    /// <summary>UserDelete. Errors: UserNotFound, InvalidAuthMgmt (root while enabled).</summary>
    ValueTask<Outcome<AuthUserDeleteResponse>> UserDeleteAsync(AuthUserDeleteRequest request, CancellationToken cancel);

    /// <summary>UserChangePassword; the user's tokens stop working. Errors: UserNotFound.</summary>
    ValueTask<Outcome<AuthUserChangePasswordResponse>> UserChangePasswordAsync(AuthUserChangePasswordRequest request, CancellationToken cancel);

    /// <summary>UserGrantRole (role root needs not exist). Errors: UserNotFound, RoleNotFound.</summary>
    ValueTask<Outcome<AuthUserGrantRoleResponse>> UserGrantRoleAsync(AuthUserGrantRoleRequest request, CancellationToken cancel);

    /// <summary>UserRevokeRole. Errors: UserNotFound, RoleNotGranted, InvalidAuthMgmt (root from root while enabled).</summary>
    ValueTask<Outcome<AuthUserRevokeRoleResponse>> UserRevokeRoleAsync(AuthUserRevokeRoleRequest request, CancellationToken cancel);

    /// <summary>RoleAdd. Errors: RoleEmpty, RoleAlreadyExist.</summary>
    ValueTask<Outcome<AuthRoleAddResponse>> RoleAddAsync(AuthRoleAddRequest request, CancellationToken cancel);

    /// <summary>RoleGet (role root answers READWRITE on every key). Errors: RoleNotFound.</summary>
    ValueTask<Outcome<AuthRoleGetResponse>> RoleGetAsync(AuthRoleGetRequest request, CancellationToken cancel);

    /// <summary>RoleList.</summary>
    ValueTask<Outcome<AuthRoleListResponse>> RoleListAsync(AuthRoleListRequest request, CancellationToken cancel);

    /// <summary>RoleDelete (also revoked from every user). Errors: RoleNotFound, InvalidAuthMgmt (root while enabled).</summary>
    ValueTask<Outcome<AuthRoleDeleteResponse>> RoleDeleteAsync(AuthRoleDeleteRequest request, CancellationToken cancel);

    /// <summary>RoleGrantPermission. Errors: PermissionNotGiven, InvalidAuthMgmt (empty key or empty range), RoleNotFound.</summary>
    ValueTask<Outcome<AuthRoleGrantPermissionResponse>> RoleGrantPermissionAsync(AuthRoleGrantPermissionRequest request, CancellationToken cancel);

    /// <summary>RoleRevokePermission. Errors: RoleNotFound, PermissionNotGranted.</summary>
    ValueTask<Outcome<AuthRoleRevokePermissionResponse>> RoleRevokePermissionAsync(AuthRoleRevokePermissionRequest request, CancellationToken cancel);
}
