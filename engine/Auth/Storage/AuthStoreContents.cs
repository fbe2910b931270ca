namespace Engine.Auth.Storage;

/// <summary>What the backend holds for the auth store, read back on start or after a snapshot.</summary>
public sealed record AuthStoreContents(bool Enabled, ulong Revision, IReadOnlyList<AuthUser> Users, IReadOnlyList<AuthRole> Roles)
{
    /// <summary>A fresh store: disabled, revision 0 (the store moves it to 1 on first use, as etcd).</summary>
    public static readonly AuthStoreContents Empty = new(false, 0, [], []);
}
