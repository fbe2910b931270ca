namespace Engine.Auth.Tokens;

/// <summary>
/// Issues and resolves auth tokens (etcd's TokenProvider): <see cref="SimpleTokenProvider"/> (random,
/// in memory on every member, expiring) or <see cref="JwtTokenProvider"/> (signed, carrying the auth revision).
/// </summary>
public interface ITokenProvider
{
    /// <summary>"simple" or "jwt".</summary>
    string Kind { get; }

    /// <summary>The random part of a simple token, chosen by the member that proposes the Authenticate; "" for JWT.</summary>
    string GenerateTokenPrefix();

    /// <summary>
    /// Issues a token for <paramref name="userName"/> when an Authenticate entry is applied at raft
    /// <paramref name="raftIndex"/> (simple: "prefix.index"; JWT: signed claims with <paramref name="authRevision"/>).
    /// Null with <paramref name="error"/> set when it cannot (a verify-only JWT key).
    /// </summary>
    string? Assign(string userName, ulong authRevision, string tokenPrefix, ulong raftIndex, out string? error);

    /// <summary>The user and, for JWT, the auth revision of a token; null if unknown, expired, malformed or forged.</summary>
    TokenInfo? Resolve(string token);

    /// <summary>Forgets every token of the user (password changed, user deleted).</summary>
    void InvalidateUser(string userName);

    /// <summary>Authentication turned on.</summary>
    void Enable();

    /// <summary>Authentication turned off: every token is forgotten.</summary>
    void Disable();
}
