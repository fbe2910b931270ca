namespace Engine.Auth;

/// <summary>
/// A user (authpb.User), immutable: its bcrypt password hash (none for a <see cref="NoPassword"/> user, which
/// authenticates only by a client certificate's CN) and its role names, sorted ordinally.
/// </summary>
public sealed class AuthUser
{
    public AuthUser(string name, byte[]? passwordHash, bool noPassword, IReadOnlyList<string> roles)
    {
        Name = name;
        PasswordHash = passwordHash;
        NoPassword = noPassword;
        Roles = roles;
    }

    public string Name { get; }

    /// <summary>The bcrypt hash ("$2a$…" as bytes); null for a no-password user.</summary>
    public byte[]? PasswordHash { get; }

    public bool NoPassword { get; }

    public IReadOnlyList<string> Roles { get; }

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public AuthUser WithRoles(IReadOnlyList<string> roles) => new(Name, PasswordHash, NoPassword, roles);

    public AuthUser WithPassword(byte[]? passwordHash) => new(Name, passwordHash, NoPassword, Roles);
}
