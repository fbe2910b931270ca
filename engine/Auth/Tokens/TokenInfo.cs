namespace Engine.Auth.Tokens;

/// <summary>What a token says: its user and, for JWT, the auth revision it was issued at (null for simple tokens).</summary>
public sealed record TokenInfo(string UserName, ulong? Revision);
