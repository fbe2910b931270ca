using Engine.Auth.Passwords;
using Engine.Auth.Tokens;
using Engine.Protocol;

namespace Engine.Auth.Tests;

/// <summary>Credentials → identity and the permission/admin checks, as etcd's isOpPermitted, IsAdminPermitted, AuthInfoFromCtx/TLS and checkTxnAuth.</summary>
public sealed class AuthChecksTests
{
    private readonly ManualClock _clock = new();
    private readonly RecordingWriter _writer = new();
    private readonly AuthStore _store;

    public AuthChecksTests()
    {
        _store = new AuthStore(new SimpleTokenProvider(TimeSpan.FromMinutes(5), _clock));
        _store.Recover(Storage.AuthStoreContents.Empty, _writer);
        _store.UserAdd("root", PasswordHasher.Hash("rp", PasswordHasher.MinCost), false, _writer);
        _store.UserGrantRole("root", "root", _writer);
        _store.RoleAdd("r", _writer);
        _store.RoleGrantPermission("r", new KeyPermission(PermissionType.ReadWrite, "a"u8.ToArray(), "b"u8.ToArray()), _writer);
        _store.RoleGrantPermission("r", new KeyPermission(PermissionType.Write, "c"u8.ToArray(), []), _writer);
        _store.UserAdd("u", PasswordHasher.Hash("pw", PasswordHasher.MinCost), false, _writer);
        _store.UserGrantRole("u", "r", _writer);
        _store.UserAdd("cn-user", null, true, _writer);
        _store.UserGrantRole("cn-user", "r", _writer);
        _store.AuthEnable(_writer);
    }

    private AuthIdentity U => new("u", _store.Revision);

    private static byte[] K(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    [Fact]
    public void DisabledStoreAllowsEverythingWithoutIdentity()
    {
        _store.AuthDisable(_writer);
        Assert.Null(_store.CheckPut(null, K("z")));
        Assert.Null(_store.CheckAdmin(null));
        Assert.Null(_store.Resolve(new RequestCredentials("garbage", null), out var identity));
        Assert.Null(identity);
    }

    [Fact]
    public void NoCredentials_IsUserEmpty_AsEtcdGatewayAnswers()
    {
        Assert.Null(_store.Resolve(null, out var identity));
        Assert.Same(EtcdErrors.UserEmpty, _store.CheckRange(identity, K("a"), null));
        Assert.Same(EtcdErrors.UserEmpty, _store.CheckAdmin(identity));
    }

    [Fact]
    public void UnknownOrMalformedToken_IsInvalidAuthToken()
    {
        Assert.Same(EtcdErrors.InvalidAuthToken, _store.Resolve(new RequestCredentials("badtoken", null), out _));
        Assert.Same(EtcdErrors.InvalidAuthToken, _store.Resolve(new RequestCredentials("abcdefghijklmnop.99999", null), out _));
        Assert.Equal(GrpcCode.Unauthenticated, EtcdErrors.InvalidAuthToken.Code);
    }

    [Fact]
    public void TokenResolvesToItsUser_BearerPrefixIgnored_TokenWinsOverCertificate()
    {
        Assert.Null(_store.Authenticate("u", "abcdefghijklmnop", 42, out string? token));
        Assert.Equal("abcdefghijklmnop.42", token);
        Assert.Null(_store.Resolve(new RequestCredentials("Bearer " + token, "cn-user"), out var identity));
        Assert.Equal(new AuthIdentity("u", _store.Revision), identity);
    }

    [Fact]
    public void VerifiedCertificateCommonNameIsTheUser_NoPasswordUsersWorkThatWay()
    {
        Assert.Null(_store.Resolve(new RequestCredentials(null, "cn-user"), out var identity));
        Assert.Equal("cn-user", identity!.UserName);
        Assert.Null(_store.CheckPut(identity, K("c")));
        Assert.Same(EtcdErrors.AuthFailed, _store.CheckPassword("cn-user", "", out _));
        Assert.Same(EtcdErrors.AuthFailed, _store.Authenticate("cn-user", "abcdefghijklmnop", 5, out _));
    }

    [Fact]
    public void CheckPassword_WrongPasswordAndUnknownUserAreAuthFailed_DisabledIsAuthNotEnabled()
    {
        Assert.Null(_store.CheckPassword("u", "pw", out ulong revision));
        Assert.Equal(_store.Revision, revision);
        Assert.Same(EtcdErrors.AuthFailed, _store.CheckPassword("u", "wrong", out _));
        Assert.Same(EtcdErrors.AuthFailed, _store.CheckPassword("nobody", "pw", out _));
        _store.AuthDisable(_writer);
        Assert.Same(EtcdErrors.AuthNotEnabled, _store.CheckPassword("u", "pw", out _));
        Assert.Same(EtcdErrors.AuthNotEnabled, _store.Authenticate("u", "abcdefghijklmnop", 9, out _));
    }

    [Fact]
    public void PermissionsPerType_AsRecordedAgainstEtcd()
    {
        Assert.Null(_store.CheckPut(U, K("a")));
        Assert.Null(_store.CheckPut(U, K("c")));
        Assert.Same(EtcdErrors.PermissionDenied, _store.CheckRange(U, K("c"), null));
        Assert.Null(_store.CheckRange(U, K("a"), K("b")));
        Assert.Same(EtcdErrors.PermissionDenied, _store.CheckRange(U, K("a"), K("c")));
        Assert.Same(EtcdErrors.PermissionDenied, _store.CheckRange(U, K("a"), [0]));
        Assert.Same(EtcdErrors.PermissionDenied, _store.CheckPut(U, K("b")));
    }

    [Fact]
    public void StaleIdentityRevision_IsAuthOldRevision()
    {
        var old = U;
        _store.RoleAdd("other", _writer);
        Assert.Same(EtcdErrors.AuthOldRevision, _store.CheckRange(old, K("a"), null));
        Assert.Equal("etcdserver: revision of auth store is old", EtcdErrors.AuthOldRevision.Message);
    }

    [Fact]
    public void DeletedUser_IsPermissionDenied_AdminCheckSaysUserNotFound()
    {
        var ghost = new AuthIdentity("ghost", _store.Revision);
        Assert.Same(EtcdErrors.PermissionDenied, _store.CheckPut(ghost, K("a")));
        Assert.Same(EtcdErrors.UserNotFound, _store.CheckAdmin(ghost));
    }

    [Fact]
    public void RootRoleMayDoAnything_OthersAreNotAdmin()
    {
        var root = new AuthIdentity("root", _store.Revision);
        Assert.Null(_store.CheckRange(root, [0], [0]));
        Assert.Null(_store.CheckAdmin(root));
        Assert.Same(EtcdErrors.PermissionDenied, _store.CheckAdmin(U));
    }

    [Fact]
    public void UserGetOfSelfAndRoleGetOfOwnRoleNeedNoRoot()
    {
        Assert.Null(_store.CheckUserGet(U, "u"));
        Assert.Same(EtcdErrors.PermissionDenied, _store.CheckUserGet(U, "root"));
        Assert.Null(_store.CheckRoleGet(U, "r"));
        Assert.Same(EtcdErrors.PermissionDenied, _store.CheckRoleGet(U, "root"));
    }

    [Fact]
    public void TxnChecksCompares_BothBranches_PrevKv_AndNestedTxns()
    {
        var allowed = new TxnRequest
        {
            Compare = [new Compare { Key = K("a") }],
            Success = [new RequestOp { RequestPut = new PutRequest { Key = K("c") } }],
            Failure = [new RequestOp { RequestRange = new RangeRequest { Key = K("a1") } }],
        };
        Assert.Null(_store.CheckTxn(U, allowed));

        // etcd 3.4.23 recorded: a compare on a write-only key denies the txn.
        Assert.Same(EtcdErrors.PermissionDenied, _store.CheckTxn(U, new TxnRequest { Compare = [new Compare { Key = K("c") }] }));
        Assert.Same(EtcdErrors.PermissionDenied, _store.CheckTxn(U, new TxnRequest
        {
            Failure = [new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = K("c"), PrevKv = true } }],
        }));
        Assert.Same(EtcdErrors.PermissionDenied, _store.CheckTxn(U, new TxnRequest
        {
            Success = [new RequestOp { RequestTxn = new TxnRequest { Success = [new RequestOp { RequestPut = new PutRequest { Key = K("z") } }] } }],
        }));
        Assert.Same(EtcdErrors.PermissionDenied, _store.CheckPutRequest(U, new PutRequest { Key = K("c"), PrevKv = true }));
    }

    [Fact]
    public void PasswordChangeAndUserDeleteInvalidateSimpleTokens()
    {
        _store.Authenticate("u", "abcdefghijklmnop", 50, out string? token);
        _store.UserChangePassword("u", PasswordHasher.Hash("new", PasswordHasher.MinCost), _writer);
        Assert.Same(EtcdErrors.InvalidAuthToken, _store.Resolve(new RequestCredentials(token, null), out _));
        Assert.Null(_store.CheckPassword("u", "new", out _));
        _store.Authenticate("u", "bcdefghijklmnopq", 51, out token);
        _store.UserDelete("u", _writer);
        Assert.Same(EtcdErrors.InvalidAuthToken, _store.Resolve(new RequestCredentials(token, null), out _));
    }
}
