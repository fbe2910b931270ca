using Engine.Auth.Tokens;

namespace Engine.Auth.Tests;

/// <summary>etcd's simple tokens (server/auth/simple_token.go): format, TTL restarted by use, invalidation.</summary>
public sealed class SimpleTokenProviderTests
{
    private readonly ManualClock _clock = new();

    private SimpleTokenProvider Enabled(TimeSpan ttl)
    {
        var provider = new SimpleTokenProvider(ttl, _clock);
        provider.Enable();
        return provider;
    }

    [Fact]
    public void PrefixIsSixteenRandomLetters()
    {
        var provider = Enabled(TimeSpan.FromSeconds(10));
        string a = provider.GenerateTokenPrefix();
        Assert.Equal(16, a.Length);
        Assert.All(a, c => Assert.True(char.IsAsciiLetter(c)));
        Assert.NotEqual(a, provider.GenerateTokenPrefix());
    }

    [Fact]
    public void TokenIsPrefixDotIndex_AndParsesBack()
    {
        var provider = Enabled(TimeSpan.FromSeconds(10));
        string token = provider.Assign("u", 3, "ABCDEFGHIJKLMNOP", 35, out _)!;
        Assert.Equal("ABCDEFGHIJKLMNOP.35", token);
        Assert.True(SimpleTokenProvider.TryParseIndex(token, out ulong index));
        Assert.Equal(35UL, index);
        Assert.False(SimpleTokenProvider.TryParseIndex("nodot", out _));
        Assert.False(SimpleTokenProvider.TryParseIndex("a.b.1", out _));
        Assert.False(SimpleTokenProvider.TryParseIndex("a.-1", out _));
        Assert.Equal(new TokenInfo("u", null), provider.Resolve(token));
    }

    [Fact]
    public void ExpiresAfterTtlWithoutUse_UseRestartsTheTtl()
    {
        var provider = Enabled(TimeSpan.FromSeconds(10));
        string token = provider.Assign("u", 1, "ABCDEFGHIJKLMNOP", 1, out _)!;
        _clock.Advance(TimeSpan.FromSeconds(8));
        Assert.NotNull(provider.Resolve(token));
        _clock.Advance(TimeSpan.FromSeconds(8));
        Assert.NotNull(provider.Resolve(token));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(provider.Resolve(token));
        Assert.Equal(0, provider.Count);
    }

    [Fact]
    public void ExpiredTokensAreDroppedOnAssign_MemoryStaysBounded()
    {
        var provider = Enabled(TimeSpan.FromSeconds(1));
        for (ulong i = 0; i < 100; i++)
        {
            provider.Assign("u", 1, "ABCDEFGHIJKLMNOP", i, out _);
            _clock.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(1, provider.Count);
    }

    [Fact]
    public void InvalidateUserForgetsOnlyThatUsersTokens()
    {
        var provider = Enabled(TimeSpan.FromSeconds(10));
        string a = provider.Assign("a", 1, "ABCDEFGHIJKLMNOP", 1, out _)!;
        string b = provider.Assign("b", 1, "ABCDEFGHIJKLMNOP", 2, out _)!;
        provider.InvalidateUser("a");
        Assert.Null(provider.Resolve(a));
        Assert.NotNull(provider.Resolve(b));
    }

    [Fact]
    public void DisabledProviderKeepsNoTokens()
    {
        var provider = new SimpleTokenProvider(TimeSpan.FromSeconds(10), _clock);
        string token = provider.Assign("a", 1, "ABCDEFGHIJKLMNOP", 1, out _)!;
        Assert.Null(provider.Resolve(token));
        provider.Enable();
        token = provider.Assign("a", 1, "ABCDEFGHIJKLMNOP", 2, out _)!;
        provider.Disable();
        Assert.Null(provider.Resolve(token));
    }
}
