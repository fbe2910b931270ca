namespace Engine.Auth;

/// <summary>A role (authpb.Role), immutable: its key permissions sorted by key.</summary>
public sealed class AuthRole
{
    public AuthRole(string name, IReadOnlyList<KeyPermission> permissions)
    {
        Name = name;
        Permissions = permissions;
    }

    public string Name { get; }

    public IReadOnlyList<KeyPermission> Permissions { get; }
}
