using Engine.Auth.Storage;
using Engine.Protocol;

namespace Engine.Auth.Tests;

/// <summary>The auth bucket records (engine/Auth/Storage/FORMAT.md): round trips and malformed input.</summary>
public sealed class AuthRecordCodecTests
{
    [Fact]
    public void UserRoundTrips()
    {
        var user = new AuthUser("ü-user", "$2a$04$abcdefghijklmnopqrstuuQ3JmYb0nFfHBlNZ9KcWz9s0e8C5YfUe"u8.ToArray(), false, ["a", "root"]);
        var back = AuthRecordCodec.DecodeUser(AuthRecordCodec.EncodeUser(user));
        Assert.Equal(user.Name, back.Name);
        Assert.Equal(user.PasswordHash, back.PasswordHash);
        Assert.Equal(user.Roles, back.Roles);
        Assert.False(back.NoPassword);
        var noPassword = AuthRecordCodec.DecodeUser(AuthRecordCodec.EncodeUser(new AuthUser("cn", null, true, [])));
        Assert.True(noPassword.NoPassword);
        Assert.Null(noPassword.PasswordHash);
    }

    [Fact]
    public void RoleRoundTrips()
    {
        var role = new AuthRole("r", [new KeyPermission(PermissionType.Write, [1, 2], []), new KeyPermission(PermissionType.ReadWrite, [0], [0])]);
        var back = AuthRecordCodec.DecodeRole(AuthRecordCodec.EncodeRole(role));
        Assert.Equal("r", back.Name);
        Assert.Equal(2, back.Permissions.Count);
        Assert.True(back.Permissions[1].SameKeys([0], [0]));
        Assert.Equal(PermissionType.ReadWrite, back.Permissions[1].Type);
    }

    [Fact]
    public void RevisionIsEightBytesBigEndian_AsEtcd()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 1, 2 }, AuthRecordCodec.EncodeRevision(258));
        Assert.Equal(258UL, AuthRecordCodec.DecodeRevision(AuthRecordCodec.EncodeRevision(258)));
        Assert.Throws<InvalidDataException>(() => AuthRecordCodec.DecodeRevision([1, 2]));
    }

    [Fact]
    public void EveryTruncationOfARecordIsRejectedNamingTheProblem()
    {
        byte[] user = AuthRecordCodec.EncodeUser(new AuthUser("name", "hash"u8.ToArray(), false, ["r1", "r2"]));
        for (int length = 0; length < user.Length; length++)
        {
            var e = Assert.Throws<InvalidDataException>(() => AuthRecordCodec.DecodeUser(user.AsSpan(0, length)));
            Assert.Contains("auth user record", e.Message);
        }

        byte[] role = AuthRecordCodec.EncodeRole(new AuthRole("r", [new KeyPermission(PermissionType.Read, [1], [2])]));
        for (int length = 0; length < role.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => AuthRecordCodec.DecodeRole(role.AsSpan(0, length)));
        }
    }

    [Fact]
    public void UnknownVersionTrailingBytesAndBadPermissionTypeAreRejected()
    {
        byte[] role = AuthRecordCodec.EncodeRole(new AuthRole("r", [new KeyPermission(PermissionType.Read, [1], [])]));
        Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => AuthRecordCodec.DecodeRole([9, .. role[1..]])).Message);
        Assert.Contains("trailing", Assert.Throws<InvalidDataException>(() => AuthRecordCodec.DecodeRole([.. role, 0])).Message);
        byte[] badType = [.. role];
        badType[4] = 7;
        Assert.Contains("permission type 7", Assert.Throws<InvalidDataException>(() => AuthRecordCodec.DecodeRole(badType)).Message);
    }
}
