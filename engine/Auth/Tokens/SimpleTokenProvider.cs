using System.Globalization;
using System.Security.Cryptography;

namespace Engine.Auth.Tokens;

/// <summary>
/// etcd's simple tokens (server/auth/simple_token.go): "&lt;16 random letters&gt;.&lt;raft index&gt;", kept in memory by
/// every member (the Authenticate entry carries the random part, so every member that applies it knows the token).
/// A token expires after the TTL without use (each use restarts it), and is forgotten when its user's password
/// changes, the user is deleted or authentication is turned off. Not signed: anyone holding it is the user.
/// </summary>
public sealed class SimpleTokenProvider : ITokenProvider
{
    /// <summary>etcd's --auth-token-ttl default.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(300);

    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const int PrefixLength = 16;

    private readonly TimeProvider _clock;
    private readonly TimeSpan _ttl;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string User, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private bool _enabled;

    public SimpleTokenProvider(TimeSpan ttl, TimeProvider clock)
    {
        _ttl = ttl <= TimeSpan.Zero ? DefaultTtl : ttl;
        _clock = clock;
    }

    public string Kind => "simple";

    public TimeSpan Ttl => _ttl;

    /// <summary>How many live tokens are held (for tests and metrics).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _tokens.Count;
            }
        }
    }

    public string GenerateTokenPrefix() => new(RandomNumberGenerator.GetItems<char>(Letters, PrefixLength));

    public string? Assign(string userName, ulong authRevision, string tokenPrefix, ulong raftIndex, out string? error)
    {
        error = null;
        string token = tokenPrefix + "." + raftIndex.ToString(CultureInfo.InvariantCulture);
        lock (_lock)
        {
            if (_enabled)
            {
                RemoveExpired();
                _tokens[token] = (userName, _clock.GetUtcNow() + _ttl);
            }
        }

        return token;
    }

    public TokenInfo? Resolve(string token)
    {
        if (!TryParseIndex(token, out _))
        {
            return null;
        }

        lock (_lock)
        {
            if (!_tokens.TryGetValue(token, out var entry))
            {
                return null;
            }

            var now = _clock.GetUtcNow();
            if (entry.Expires <= now)
            {
                _tokens.Remove(token);
                return null;
            }

            _tokens[token] = (entry.User, now + _ttl);
            return new TokenInfo(entry.User, null);
        }
    }

    /// <summary>The raft index a simple token was issued at (its part after the dot); false when malformed.</summary>
    public static bool TryParseIndex(string token, out ulong index)
    {
        index = 0;
        int dot = token.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot == token.LastIndexOf('.')
            && ulong.TryParse(token.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    public void InvalidateUser(string userName)
    {
        lock (_lock)
        {
            foreach (var token in _tokens.Where(t => t.Value.User == userName).Select(t => t.Key).ToList())
            {
                _tokens.Remove(token);
            }
        }
    }

    public void Enable()
    {
        lock (_lock)
        {
            _enabled = true;
        }
    }

    public void Disable()
    {
        lock (_lock)
        {
            _enabled = false;
            _tokens.Clear();
        }
    }

    /// <summary>Drops expired tokens (called on every assignment so memory stays bounded by live tokens).</summary>
    private void RemoveExpired()
    {
        var now = _clock.GetUtcNow();
        foreach (var token in _tokens.Where(t => t.Value.Expires <= now).Select(t => t.Key).ToList())
        {
            _tokens.Remove(token);
        }
    }
}
