using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Engine.Auth.Tokens;

/// <summary>
/// etcd's JWT tokens (server/auth/jwt.go): a JWS with claims <c>{"exp","revision","username"}</c>, signed by the
/// member that applies the Authenticate, verifiable by every member holding the same key. Stateless: a token is
/// valid until it expires (TTL, default 5 minutes), and its revision claim makes it stale once the auth revision moves
/// (<c>revision of auth store is old</c>).
/// </summary>
public sealed class JwtTokenProvider : ITokenProvider
{
    /// <summary>etcd's default ttl option.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(5);

    private readonly JwtSigner _signer;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _clock;
    private readonly byte[] _encodedHeader;

    public JwtTokenProvider(JwtSigner signer, TimeSpan ttl, TimeProvider clock)
    {
        _signer = signer;
        _ttl = ttl <= TimeSpan.Zero ? DefaultTtl : ttl;
        _clock = clock;
        _encodedHeader = Base64Url.EncodeToUtf8(Encoding.UTF8.GetBytes($"{{\"alg\":\"{signer.Algorithm}\",\"typ\":\"JWT\"}}"));
    }

    public string Kind => "jwt";

    public TimeSpan Ttl => _ttl;

    public string GenerateTokenPrefix() => "";

    public string? Assign(string userName, ulong authRevision, string tokenPrefix, ulong raftIndex, out string? error)
    {
        if (!_signer.CanSign)
        {
            error = "auth: token signing attempted with verify-only key";
            return null;
        }

        error = null;
        var claims = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(claims))
        {
            json.WriteStartObject();
            json.WriteNumber("exp", (_clock.GetUtcNow() + _ttl).ToUnixTimeSeconds());
            json.WriteNumber("revision", authRevision);
            json.WriteString("username", userName);
            json.WriteEndObject();
        }

        byte[] signingInput = [.. _encodedHeader, (byte)'.', .. Base64Url.EncodeToUtf8(claims.WrittenSpan)];
        byte[] signature = _signer.Sign(signingInput);
        return Encoding.ASCII.GetString(signingInput) + "." + Base64Url.EncodeToString(signature);
    }

    public TokenInfo? Resolve(string token)
    {
        string[] parts = token.Split('.');
        if (parts.Length != 3 || token.Length > 16 * 1024)
        {
            return null;
        }

        try
        {
            if (ReadAlgorithm(Base64Url.DecodeFromChars(parts[0])) != _signer.Algorithm)
            {
                return null;
            }

            byte[] signingInput = Encoding.ASCII.GetBytes(token[..(parts[0].Length + 1 + parts[1].Length)]);
            if (!_signer.Verify(signingInput, Base64Url.DecodeFromChars(parts[2])))
            {
                return null;
            }

            return ReadClaims(Base64Url.DecodeFromChars(parts[1]));
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    public void InvalidateUser(string userName)
    {
    }

    public void Enable()
    {
    }

    public void Disable()
    {
    }

    private static string? ReadAlgorithm(byte[] header)
    {
        using var doc = JsonDocument.Parse(header);
        return doc.RootElement.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String ? alg.GetString() : null;
    }

    /// <summary>username (string) and revision (number) are required; exp, when present, must not have passed (jwt-go's rule).</summary>
    private TokenInfo? ReadClaims(byte[] claims)
    {
        using var doc = JsonDocument.Parse(claims);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("username", out var user) || user.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("revision", out var revision) || revision.ValueKind != JsonValueKind.Number
            || !revision.TryGetDouble(out double revisionValue) || revisionValue < 0)
        {
            return null;
        }

        if (root.TryGetProperty("exp", out var exp))
        {
            if (exp.ValueKind != JsonValueKind.Number || !exp.TryGetDouble(out double expires) || _clock.GetUtcNow().ToUnixTimeSeconds() > expires)
            {
                return null;
            }
        }

        return new TokenInfo(user.GetString()!, (ulong)revisionValue);
    }
}
