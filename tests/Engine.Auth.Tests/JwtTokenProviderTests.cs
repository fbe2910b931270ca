using System.Security.Cryptography;
using System.Text;
using Engine.Auth.Tokens;

namespace Engine.Auth.Tests;

/// <summary>etcd's JWT tokens (server/auth/jwt.go, options.go): signed claims {exp, revision, username}, verified by any member holding the key.</summary>
public sealed class JwtTokenProviderTests
{
    private static readonly RSA Rsa = RSA.Create(2048);
    private static readonly ECDsa Ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ManualClock _clock = new();

    private JwtTokenProvider Provider(string method, string? pub, string? priv, TimeSpan? ttl = null) =>
        new(JwtSigner.Create(method, pub, priv), ttl ?? TimeSpan.FromMinutes(5), _clock);

    public static TheoryData<string> Methods => ["RS256", "RS384", "RS512", "PS256", "PS512", "ES256", "HS256", "HS512"];

    private static (string? Pub, string? Priv) Keys(string method) => method[..2] switch
    {
        "ES" => (Ec.ExportSubjectPublicKeyInfoPem(), Ec.ExportECPrivateKeyPem()),
        "HS" => (null, "shared-secret-of-the-cluster"),
        _ => (Rsa.ExportSubjectPublicKeyInfoPem(), Rsa.ExportRSAPrivateKeyPem()),
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void TokenFromOneMemberIsAcceptedByAnotherWithTheSameKey(string method)
    {
        var (pub, priv) = Keys(method);
        string token = Provider(method, pub, priv).Assign("alice", 7, "", 99, out string? error)!;
        Assert.Null(error);
        var other = method.StartsWith("HS", StringComparison.Ordinal) ? Provider(method, null, priv) : Provider(method, pub, null);
        Assert.Equal(new TokenInfo("alice", 7), other.Resolve(token));
    }

    [Fact]
    public void ClaimsAreEtcdsExpRevisionUsername_HeaderNamesTheAlgorithm()
    {
        var (pub, priv) = Keys("RS256");
        string token = Provider("RS256", pub, priv, TimeSpan.FromSeconds(60)).Assign("bob", 12, "", 1, out _)!;
        string[] parts = token.Split('.');
        Assert.Equal("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0])));
        long exp = _clock.GetUtcNow().ToUnixTimeSeconds() + 60;
        Assert.Equal($"{{\"exp\":{exp},\"revision\":12,\"username\":\"bob\"}}", Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])));
    }

    [Fact]
    public void ExpiredTokenIsRejected()
    {
        var (pub, priv) = Keys("ES256");
        var provider = Provider("ES256", pub, priv, TimeSpan.FromSeconds(30));
        string token = provider.Assign("u", 1, "", 1, out _)!;
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.NotNull(provider.Resolve(token));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(provider.Resolve(token));
    }

    [Fact]
    public void ForgedTamperedOrOtherAlgorithmTokensAreRejected()
    {
        var (pub, priv) = Keys("RS256");
        var provider = Provider("RS256", pub, priv);
        string token = provider.Assign("u", 1, "", 1, out _)!;
        string[] parts = token.Split('.');
        string forgedClaims = System.Buffers.Text.Base64Url.EncodeToString("{\"revision\":1,\"username\":\"root\"}"u8);
        Assert.Null(provider.Resolve($"{parts[0]}.{forgedClaims}.{parts[2]}"));
        Assert.Null(provider.Resolve($"{parts[0]}.{parts[1]}.AAAA"));
        string noneHeader = System.Buffers.Text.Base64Url.EncodeToString("{\"alg\":\"none\"}"u8);
        Assert.Null(provider.Resolve($"{noneHeader}.{parts[1]}."));
        Assert.Null(provider.Resolve("not-a-jwt"));
        Assert.Null(provider.Resolve("a.b.c"));
        var otherKey = RSA.Create(2048);
        Assert.Null(Provider("RS256", otherKey.ExportSubjectPublicKeyInfoPem(), null).Resolve(token));
    }

    [Fact]
    public void VerifyOnlyKeyCannotSign()
    {
        var (pub, _) = Keys("RS256");
        Assert.Null(Provider("RS256", pub, null).Assign("u", 1, "", 1, out string? error));
        Assert.Equal("auth: token signing attempted with verify-only key", error);
    }

    [Fact]
    public void OptionErrorsUseEtcdsTexts()
    {
        var (pub, priv) = Keys("RS256");
        Assert.Equal(AuthOptionsException.InvalidMethod, Assert.Throws<AuthOptionsException>(() => JwtSigner.Create("XX256", pub, priv)).Message);
        Assert.Equal(AuthOptionsException.InvalidMethod, Assert.Throws<AuthOptionsException>(() => JwtSigner.Create("", pub, priv)).Message);
        Assert.Equal(AuthOptionsException.MissingKey, Assert.Throws<AuthOptionsException>(() => JwtSigner.Create("RS256", null, null)).Message);
        string otherPub = RSA.Create(2048).ExportSubjectPublicKeyInfoPem();
        Assert.Equal(AuthOptionsException.KeyMismatch, Assert.Throws<AuthOptionsException>(() => JwtSigner.Create("RS256", otherPub, priv)).Message);
        Assert.StartsWith("auth: invalid key data", Assert.Throws<AuthOptionsException>(() => JwtSigner.Create("RS256", null, "garbage")).Message);
    }
}
