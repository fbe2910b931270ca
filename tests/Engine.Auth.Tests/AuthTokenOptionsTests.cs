using System.Security.Cryptography;
using Engine.Auth.Tokens;

namespace Engine.Auth.Tests;

/// <summary>etcd's --auth-token syntax (server/auth/store.go decomposeOpts, options.go) and Go durations for ttl=.</summary>
public sealed class AuthTokenOptionsTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void SimpleUsesTheGivenTtl()
    {
        var provider = Assert.IsType<SimpleTokenProvider>(AuthTokenOptions.Create("simple", TimeSpan.FromSeconds(42), _ => "", _clock));
        Assert.Equal(TimeSpan.FromSeconds(42), provider.Ttl);
    }

    [Fact]
    public void JwtReadsKeysThroughTheCallerAndParsesTtl()
    {
        var rsa = RSA.Create(2048);
        var files = new Dictionary<string, string> { ["/k.pub"] = rsa.ExportSubjectPublicKeyInfoPem(), ["/k"] = rsa.ExportRSAPrivateKeyPem() };
        var provider = Assert.IsType<JwtTokenProvider>(AuthTokenOptions.Create(
            "jwt,pub-key=/k.pub,priv-key=/k,sign-method=RS256,ttl=1h30m", TimeSpan.Zero, p => files[p], _clock));
        Assert.Equal(TimeSpan.FromMinutes(90), provider.Ttl);
        Assert.Equal("jwt", provider.Kind);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("")]
    [InlineData("jwt,sign-method")]
    [InlineData("jwt,a=1,a=2")]
    [InlineData("jwt,ttl=5x,sign-method=HS256,priv-key=/k")]
    public void MalformedOptionsAreInvalidAuthOptions(string spec)
    {
        var e = Assert.Throws<AuthOptionsException>(() => AuthTokenOptions.Create(spec, TimeSpan.Zero, _ => "secret", _clock));
        Assert.Equal(AuthOptionsException.InvalidOptions, e.Message);
    }

    [Fact]
    public void UnreadableKeyFileNamesThePath()
    {
        var e = Assert.Throws<AuthOptionsException>(() => AuthTokenOptions.Create(
            "jwt,priv-key=/missing,sign-method=RS256", TimeSpan.Zero, p => throw new FileNotFoundException("no such file", p), _clock));
        Assert.Contains("/missing", e.Message);
    }

    [Theory]
    [InlineData("5m", 300_000)]
    [InlineData("300s", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("250ms", 250)]
    [InlineData("0", 0)]
    public void GoDurations(string text, double ms)
    {
        Assert.True(GoDuration.TryParse(text, out var d));
        Assert.Equal(ms, d.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("m")]
    [InlineData("5d")]
    public void BadGoDurations(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
