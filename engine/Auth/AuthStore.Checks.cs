using Engine.Auth.Passwords;
using Engine.Protocol;

namespace Engine.Auth;

/// <summary>The auth store's checks: credentials to identity, passwords, key permissions and admin rights.</summary>
public sealed partial class AuthStore
{
    /// <summary>
    /// Resolves the caller's credentials (etcd's AuthInfoFromCtx, then AuthInfoFromTLS). Off: no identity and no error.
    /// A token wins (a leading "Bearer " is ignored); an unknown, expired or forged one is InvalidAuthToken. Without a token
    /// a verified client certificate's CN is the user at the current revision. No credentials: no identity
    /// (the checks then answer UserEmpty, as etcd).
    /// </summary>
    public EtcdError? Resolve(RequestCredentials? credentials, out AuthIdentity? identity)
    {
        identity = null;
        var state = _state;
        if (!state.Enabled || credentials is null)
        {
            return null;
        }

        if (credentials.Token is { } raw)
        {
            string token = raw.StartsWith("Bearer ", StringComparison.Ordinal) ? raw["Bearer ".Length..] : raw;
            var info = _tokens.Resolve(token);
            if (info is null)
            {
                return EtcdErrors.InvalidAuthToken;
            }

            identity = new AuthIdentity(info.UserName, info.Revision ?? state.Revision);
            return null;
        }

        if (credentials.ClientCertificateCommonName is { } commonName)
        {
            identity = new AuthIdentity(commonName, state.Revision);
        }

        return null;
    }

    /// <summary>
    /// Checks a user's password before an Authenticate is proposed (etcd's CheckPassword): AuthNotEnabled when off;
    /// AuthFailed for an unknown user, a no-password user or a wrong password. Returns the auth revision checked at.
    /// </summary>
    public EtcdError? CheckPassword(string userName, string password, out ulong revision)
    {
        var state = _state;
        revision = state.Revision;
        if (!state.Enabled)
        {
            return EtcdErrors.AuthNotEnabled;
        }

        var user = state.FindUser(userName);
        if (user is null || user.NoPassword || user.PasswordHash is null)
        {
            return EtcdErrors.AuthFailed;
        }

        return PasswordHasher.Verify(password, user.PasswordHash) ? null : EtcdErrors.AuthFailed;
    }

    /// <summary>
    /// etcd's isOpPermitted: allowed when off; UserEmpty without an identity; AuthOldRevision when the identity's
    /// revision is older than the store's; PermissionDenied for an unknown user or keys outside its permissions;
    /// role root may do anything. <paramref name="wanted"/> is Read or Write.
    /// </summary>
    public EtcdError? CheckPermission(AuthIdentity? identity, PermissionType wanted, byte[] key, byte[]? rangeEnd)
    {
        var state = _state;
        if (!state.Enabled)
        {
            return null;
        }

        if (identity is null || identity.Revision == 0)
        {
            return EtcdErrors.UserEmpty;
        }

        if (identity.Revision < state.Revision)
        {
            return EtcdErrors.AuthOldRevision;
        }

        if (!state.Permissions.TryGetValue(identity.UserName, out var permissions))
        {
            return EtcdErrors.PermissionDenied;
        }

        return permissions.Allows(wanted, key, rangeEnd) ? null : EtcdErrors.PermissionDenied;
    }

    public EtcdError? CheckRange(AuthIdentity? identity, byte[] key, byte[]? rangeEnd) => CheckPermission(identity, PermissionType.Read, key, rangeEnd);

    public EtcdError? CheckPut(AuthIdentity? identity, byte[] key) => CheckPermission(identity, PermissionType.Write, key, null);

    public EtcdError? CheckDeleteRange(AuthIdentity? identity, byte[] key, byte[]? rangeEnd) => CheckPermission(identity, PermissionType.Write, key, rangeEnd);

    /// <summary>etcd's IsAdminPermitted: allowed when off; UserEmpty without an identity; UserNotFound; PermissionDenied without role root.</summary>
    public EtcdError? CheckAdmin(AuthIdentity? identity)
    {
        var state = _state;
        if (!state.Enabled)
        {
            return null;
        }

        if (identity is null || identity.UserName.Length == 0)
        {
            return EtcdErrors.UserEmpty;
        }

        var user = state.FindUser(identity.UserName);
        if (user is null)
        {
            return EtcdErrors.UserNotFound;
        }

        return user.HasRole(RootRole) ? null : EtcdErrors.PermissionDenied;
    }

    /// <summary>UserGet is allowed to root and to the user itself (etcd's authApplierV3.UserGet).</summary>
    public EtcdError? CheckUserGet(AuthIdentity? identity, string userName)
    {
        var error = CheckAdmin(identity);
        return error is not null && identity?.UserName != userName ? error : null;
    }

    /// <summary>RoleGet is allowed to root and to holders of the role (etcd's authApplierV3.RoleGet).</summary>
    public EtcdError? CheckRoleGet(AuthIdentity? identity, string roleName)
    {
        var error = CheckAdmin(identity);
        return error is not null && !(identity is not null && HasRole(identity.UserName, roleName)) ? error : null;
    }

    public bool HasRole(string userName, string role) => _state.FindUser(userName)?.HasRole(role) == true;

    /// <summary>
    /// Checks every key a txn touches (etcd's checkTxnAuth): each compare needs read; in both branches ranges
    /// need read, puts write, deletes write (and read with prev_kv); nested txns are checked the same way.
    /// </summary>
    public EtcdError? CheckTxn(AuthIdentity? identity, TxnRequest txn)
    {
        foreach (var compare in txn.Compare ?? [])
        {
            if (CheckRange(identity, compare.Key ?? [], compare.RangeEnd) is { } error)
            {
                return error;
            }
        }

        return CheckOps(identity, txn.Success) ?? CheckOps(identity, txn.Failure);
    }

    /// <summary>A put needs write on its key, and read with prev_kv (etcd's authApplierV3.Put).</summary>
    public EtcdError? CheckPutRequest(AuthIdentity? identity, PutRequest put) =>
        CheckPut(identity, put.Key ?? []) ?? (put.PrevKv ? CheckRange(identity, put.Key ?? [], null) : null);

    /// <summary>A delete needs write on its range, and read with prev_kv.</summary>
    public EtcdError? CheckDeleteRangeRequest(AuthIdentity? identity, DeleteRangeRequest delete) =>
        CheckDeleteRange(identity, delete.Key ?? [], delete.RangeEnd) ?? (delete.PrevKv ? CheckRange(identity, delete.Key ?? [], delete.RangeEnd) : null);

    private EtcdError? CheckOps(AuthIdentity? identity, List<RequestOp>? ops)
    {
        foreach (var op in ops ?? [])
        {
            var error = op switch
            {
                { RequestRange: { } range } => CheckRange(identity, range.Key ?? [], range.RangeEnd),
                { RequestPut: { } put } => CheckPutRequest(identity, put),
                { RequestDeleteRange: { } delete } => CheckDeleteRangeRequest(identity, delete),
                { RequestTxn: { } nested } => CheckTxn(identity, nested),
                _ => null,
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }
}
