using Engine.Auth.Passwords;
using Engine.Auth.Tokens;
using Engine.Protocol;

namespace Engine.Auth.Tests;

/// <summary>The auth store's rules and error texts, as etcd's server/auth/store.go (and 3.4.23 over the gateway).</summary>
public sealed class AuthStoreRulesTests
{
    private readonly ManualClock _clock = new();
    private readonly RecordingWriter _writer = new();
    private readonly AuthStore _store;

    public AuthStoreRulesTests()
    {
        _store = new AuthStore(new SimpleTokenProvider(TimeSpan.FromMinutes(5), _clock));
        _store.Recover(Storage.AuthStoreContents.Empty, _writer);
    }

    private static byte[] Hash(string password) => PasswordHasher.Hash(password, PasswordHasher.MinCost);

    private void AddRootAndEnable()
    {
        Assert.Null(_store.UserAdd("root", Hash("rp"), false, _writer));
        Assert.Null(_store.UserGrantRole("root", "root", _writer));
        Assert.Null(_store.AuthEnable(_writer));
    }

    [Fact]
    public void FreshStoreStartsAtRevisionOneAndDisabled_AsNewAuthStore()
    {
        Assert.Equal(1UL, _store.Revision);
        Assert.Equal(1UL, _writer.Revision);
        Assert.False(_store.Status().Enabled);
    }

    [Fact]
    public void EnableWithoutRootUser_IsRootUserNotExist()
    {
        Assert.Same(EtcdErrors.RootUserNotExist, _store.AuthEnable(_writer));
        Assert.Equal("etcdserver: root user does not exist", EtcdErrors.RootUserNotExist.Message);
        Assert.False(_store.Enabled);
    }

    [Fact]
    public void EnableWithRootUserLackingRootRole_IsRootRoleNotExist()
    {
        _store.UserAdd("root", Hash("rp"), false, _writer);
        Assert.Same(EtcdErrors.RootRoleNotExist, _store.AuthEnable(_writer));
        Assert.False(_store.Enabled);
    }

    [Fact]
    public void RootRoleNeedNotExistToBeGranted_AndEnableDoesNotBumpRevision()
    {
        _store.UserAdd("root", Hash("rp"), false, _writer);
        Assert.Null(_store.UserGrantRole("root", "root", _writer));
        ulong before = _store.Revision;
        Assert.Null(_store.AuthEnable(_writer));
        Assert.True(_store.Enabled);
        Assert.True(_writer.Enabled);
        Assert.Equal(before, _store.Revision);
        Assert.Null(_store.AuthEnable(_writer));
        Assert.Equal(before, _store.Revision);
        Assert.Same(EtcdErrors.RoleNotFound, _store.RoleGet("root").Error);
    }

    [Fact]
    public void DisableBumpsRevisionAndForgetsTokens_SecondDisableIsNoOp()
    {
        AddRootAndEnable();
        Assert.Null(_store.Authenticate("root", "abcdefghijklmnop", 7, out string? token));
        ulong before = _store.Revision;
        Assert.Null(_store.AuthDisable(_writer));
        Assert.False(_writer.Enabled);
        Assert.Equal(before + 1, _store.Revision);
        Assert.Null(_store.Tokens.Resolve(token!));
        Assert.Null(_store.AuthDisable(_writer));
        Assert.Equal(before + 1, _store.Revision);
    }

    [Fact]
    public void UserAddRules_EmptyAndDuplicate()
    {
        Assert.Same(EtcdErrors.UserEmpty, _store.UserAdd("", Hash("x"), false, _writer));
        Assert.Null(_store.UserAdd("u", Hash("x"), false, _writer));
        Assert.Same(EtcdErrors.UserAlreadyExist, _store.UserAdd("u", Hash("y"), false, _writer));
        Assert.Equal(2UL, _store.Revision);
    }

    [Fact]
    public void RoleAddRules_EmptyAndDuplicate()
    {
        Assert.Same(EtcdErrors.RoleEmpty, _store.RoleAdd("", _writer));
        Assert.Null(_store.RoleAdd("r", _writer));
        Assert.Same(EtcdErrors.RoleAlreadyExist, _store.RoleAdd("r", _writer));
        Assert.Equal(["r"], _store.RoleList().Roles!);
    }

    [Fact]
    public void RootUserAndRoleAreProtectedOnlyWhileEnabled()
    {
        _store.RoleAdd("root", _writer);
        _store.UserAdd("root", Hash("rp"), false, _writer);
        _store.UserGrantRole("root", "root", _writer);
        _store.AuthEnable(_writer);
        Assert.Same(EtcdErrors.InvalidAuthMgmt, _store.UserDelete("root", _writer));
        Assert.Same(EtcdErrors.InvalidAuthMgmt, _store.RoleDelete("root", _writer));
        Assert.Same(EtcdErrors.InvalidAuthMgmt, _store.UserRevokeRole("root", "root", _writer));
        _store.AuthDisable(_writer);
        Assert.Null(_store.UserRevokeRole("root", "root", _writer));
        Assert.Null(_store.RoleDelete("root", _writer));
        Assert.Null(_store.UserDelete("root", _writer));
    }

    [Fact]
    public void NotFoundErrors()
    {
        Assert.Same(EtcdErrors.UserNotFound, _store.UserDelete("nobody", _writer));
        Assert.Same(EtcdErrors.UserNotFound, _store.UserChangePassword("nobody", Hash("x"), _writer));
        Assert.Same(EtcdErrors.UserNotFound, _store.UserGrantRole("nobody", "r", _writer));
        Assert.Same(EtcdErrors.UserNotFound, _store.UserRevokeRole("nobody", "r", _writer));
        Assert.Same(EtcdErrors.UserNotFound, _store.UserGet("nobody").Error);
        _store.UserAdd("u", Hash("x"), false, _writer);
        Assert.Same(EtcdErrors.RoleNotFound, _store.UserGrantRole("u", "missing", _writer));
        Assert.Same(EtcdErrors.RoleNotGranted, _store.UserRevokeRole("u", "missing", _writer));
        Assert.Same(EtcdErrors.RoleNotFound, _store.RoleDelete("missing", _writer));
        Assert.Same(EtcdErrors.RoleNotFound, _store.RoleGet("missing").Error);
        Assert.Same(EtcdErrors.RoleNotFound, _store.RoleGrantPermission("missing", new KeyPermission(PermissionType.Read, "a"u8.ToArray(), []), _writer));
        Assert.Same(EtcdErrors.RoleNotFound, _store.RoleRevokePermission("missing", "a"u8.ToArray(), [], _writer));
    }

    [Fact]
    public void FailedChangesLeaveRevisionAndBackendUntouched()
    {
        _store.UserAdd("u", Hash("x"), false, _writer);
        ulong revision = _store.Revision;
        int writes = _writer.Writes;
        _store.UserAdd("u", Hash("x"), false, _writer);
        _store.UserGrantRole("u", "missing", _writer);
        _store.RoleGrantPermission("missing", null, _writer);
        _store.AuthEnable(_writer);
        Assert.Equal(revision, _store.Revision);
        Assert.Equal(writes, _writer.Writes);
    }

    [Fact]
    public void GrantIsIdempotentAndRolesStaySorted()
    {
        _store.UserAdd("u", Hash("x"), false, _writer);
        _store.RoleAdd("b", _writer);
        _store.RoleAdd("a", _writer);
        _store.UserGrantRole("u", "b", _writer);
        _store.UserGrantRole("u", "a", _writer);
        ulong revision = _store.Revision;
        Assert.Null(_store.UserGrantRole("u", "a", _writer));
        Assert.Equal(revision, _store.Revision);
        Assert.Equal(["a", "b"], _store.UserGet("u").Value!.Roles!);
    }

    [Fact]
    public void RoleDeleteRevokesItFromEveryUser()
    {
        _store.RoleAdd("r", _writer);
        _store.UserAdd("u1", Hash("x"), false, _writer);
        _store.UserAdd("u2", Hash("x"), false, _writer);
        _store.UserGrantRole("u1", "r", _writer);
        _store.UserGrantRole("u2", "r", _writer);
        Assert.Null(_store.RoleDelete("r", _writer));
        Assert.Empty(_store.UserGet("u1").Value!.Roles!);
        Assert.Empty(_store.UserGet("u2").Value!.Roles!);
        Assert.Empty(_writer.Contents().Users.SelectMany(u => u.Roles));
    }

    [Fact]
    public void GrantPermissionRules_NotGiven_InvalidRange_UpdateInPlace_SortedByKey()
    {
        _store.RoleAdd("r", _writer);
        Assert.Same(EtcdErrors.PermissionNotGiven, _store.RoleGrantPermission("r", null, _writer));
        Assert.Same(EtcdErrors.InvalidAuthMgmt, _store.RoleGrantPermission("r", new KeyPermission(PermissionType.Read, [], []), _writer));
        Assert.Same(EtcdErrors.InvalidAuthMgmt, _store.RoleGrantPermission("r", new KeyPermission(PermissionType.Read, "b"u8.ToArray(), "a"u8.ToArray()), _writer));
        Assert.Same(EtcdErrors.InvalidAuthMgmt, _store.RoleGrantPermission("r", new KeyPermission(PermissionType.Read, "b"u8.ToArray(), "b"u8.ToArray()), _writer));
        Assert.Null(_store.RoleGrantPermission("r", new KeyPermission(PermissionType.Read, "c"u8.ToArray(), []), _writer));
        Assert.Null(_store.RoleGrantPermission("r", new KeyPermission(PermissionType.Write, "a"u8.ToArray(), "b"u8.ToArray()), _writer));
        Assert.Null(_store.RoleGrantPermission("r", new KeyPermission(PermissionType.ReadWrite, "c"u8.ToArray(), []), _writer));
        Assert.Null(_store.RoleGrantPermission("r", new KeyPermission(PermissionType.Read, "x"u8.ToArray(), [0]), _writer));
        var perms = _store.RoleGet("r").Value!.Perm!;
        Assert.Equal(["a", "c", "x"], perms.Select(p => System.Text.Encoding.ASCII.GetString(p.Key!)));
        Assert.Equal([PermissionType.Write, PermissionType.ReadWrite, PermissionType.Read], perms.Select(p => p.PermType));
    }

    [Fact]
    public void RevokePermissionMatchesKeyAndRangeEndExactly()
    {
        _store.RoleAdd("r", _writer);
        _store.RoleGrantPermission("r", new KeyPermission(PermissionType.Read, "a"u8.ToArray(), "c"u8.ToArray()), _writer);
        Assert.Same(EtcdErrors.PermissionNotGranted, _store.RoleRevokePermission("r", "a"u8.ToArray(), [], _writer));
        Assert.Same(EtcdErrors.PermissionNotGranted, _store.RoleRevokePermission("r", "a"u8.ToArray(), "b"u8.ToArray(), _writer));
        Assert.Null(_store.RoleRevokePermission("r", "a"u8.ToArray(), "c"u8.ToArray(), _writer));
        Assert.Empty(_store.RoleGet("r").Value!.Perm!);
    }

    [Fact]
    public void RoleGetOfRootAnswersEveryKeyReadWrite()
    {
        _store.RoleAdd("root", _writer);
        var perm = Assert.Single(_store.RoleGet("root").Value!.Perm!);
        Assert.Equal(PermissionType.ReadWrite, perm.PermType);
        Assert.Empty(perm.Key!);
        Assert.Equal([0], perm.RangeEnd!);
    }

    [Fact]
    public void EveryChangeBumpsRevisionByOne()
    {
        ulong r = _store.Revision;
        _store.UserAdd("u", Hash("x"), false, _writer);
        Assert.Equal(++r, _store.Revision);
        _store.RoleAdd("r", _writer);
        Assert.Equal(++r, _store.Revision);
        _store.UserGrantRole("u", "r", _writer);
        Assert.Equal(++r, _store.Revision);
        _store.RoleGrantPermission("r", new KeyPermission(PermissionType.Read, "k"u8.ToArray(), []), _writer);
        Assert.Equal(++r, _store.Revision);
        _store.RoleRevokePermission("r", "k"u8.ToArray(), [], _writer);
        Assert.Equal(++r, _store.Revision);
        _store.UserChangePassword("u", Hash("y"), _writer);
        Assert.Equal(++r, _store.Revision);
        _store.UserRevokeRole("u", "r", _writer);
        Assert.Equal(++r, _store.Revision);
        _store.RoleDelete("r", _writer);
        Assert.Equal(++r, _store.Revision);
        _store.UserDelete("u", _writer);
        Assert.Equal(++r, _store.Revision);
        Assert.Equal(r, _writer.Revision);
    }

    [Fact]
    public void RecoverFromBackendKeepsUsersRolesPermissionsAndRevision()
    {
        AddRootAndEnable();
        _store.RoleAdd("r", _writer);
        _store.RoleGrantPermission("r", new KeyPermission(PermissionType.Read, "a"u8.ToArray(), "b"u8.ToArray()), _writer);
        _store.UserAdd("u", Hash("pw"), false, _writer);
        _store.UserGrantRole("u", "r", _writer);
        var restarted = new AuthStore(new SimpleTokenProvider(TimeSpan.FromMinutes(5), _clock));
        restarted.Recover(_writer.Contents(), null);
        Assert.True(restarted.Enabled);
        Assert.Equal(_store.Revision, restarted.Revision);
        Assert.Equal(["root", "u"], restarted.UserList().Users!);
        Assert.Null(restarted.CheckPassword("u", "pw", out _));
        var identity = new AuthIdentity("u", restarted.Revision);
        Assert.Null(restarted.CheckRange(identity, "a1"u8.ToArray(), null));
        Assert.Same(EtcdErrors.PermissionDenied, restarted.CheckRange(identity, "b"u8.ToArray(), null));
    }
}
