using System.Text;
using Engine.Auth.Passwords;

namespace Engine.Auth.Tests;

/// <summary>bcrypt hashing as etcd's (golang.org/x/crypto/bcrypt: "$2a$" hashes, --bcrypt-cost, default 10 for an invalid cost).</summary>
public sealed class PasswordHasherTests
{
    [Fact]
    public void HashVerifiesOnlyTheSamePassword_SaltMakesHashesDiffer()
    {
        byte[] a = PasswordHasher.Hash("secret", PasswordHasher.MinCost);
        byte[] b = PasswordHasher.Hash("secret", PasswordHasher.MinCost);
        Assert.NotEqual(a, b);
        Assert.True(PasswordHasher.Verify("secret", a));
        Assert.False(PasswordHasher.Verify("Secret", a));
        Assert.True(PasswordHasher.IsBcryptHash(a));
        Assert.StartsWith("$2", Encoding.ASCII.GetString(a));
        Assert.DoesNotContain("secret", Encoding.ASCII.GetString(a), StringComparison.Ordinal);
    }

    [Fact]
    public void VerifiesThePublishedBcryptTestVector_AsGoBcryptReadsIt()
    {
        // OpenBSD/jBCrypt test vector ("U*U", cost 5): hashes made elsewhere (Go's x/crypto/bcrypt in etcd) verify here.
        byte[] known = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"u8.ToArray();
        Assert.True(PasswordHasher.IsBcryptHash(known));
        Assert.True(PasswordHasher.Verify("U*U", known));
        Assert.False(PasswordHasher.Verify("U*V", known));
    }

    [Fact]
    public void CostOutsideBcryptsRangeFallsBackToTen()
    {
        Assert.Equal(10, PasswordHasher.EffectiveCost(3));
        Assert.Equal(10, PasswordHasher.EffectiveCost(32));
        Assert.Equal(12, PasswordHasher.EffectiveCost(12));
        Assert.Contains("$04$", Encoding.ASCII.GetString(PasswordHasher.Hash("x", 4)));
    }

    [Fact]
    public void MalformedHashesNeverVerifyAndNeverThrow()
    {
        Assert.False(PasswordHasher.Verify("x", "not a hash"u8.ToArray()));
        Assert.False(PasswordHasher.Verify("x", []));
    }

    [Fact]
    public void SuppliedHashedPasswordIsBase64OfABcryptHash()
    {
        byte[] hash = PasswordHasher.Hash("x", PasswordHasher.MinCost);
        Assert.Equal(hash, PasswordHasher.DecodeSuppliedHash(Convert.ToBase64String(hash)));
        Assert.Null(PasswordHasher.DecodeSuppliedHash("%%%"));
        Assert.Null(PasswordHasher.DecodeSuppliedHash(Convert.ToBase64String("plain"u8.ToArray())));
    }
}
