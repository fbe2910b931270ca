namespace Engine.Auth.Storage;

/// <summary>
/// Where the auth store writes its changes: the server implements it over the backend's <c>auth</c>,
/// <c>authUsers</c> and <c>authRoles</c> buckets inside the same batch transaction that records the
/// applied raft index (so a change is applied exactly once); records are encoded by <see cref="AuthRecordCodec"/>.
/// </summary>
public interface IAuthStorageWriter
{
    void PutUser(AuthUser user);

    void DeleteUser(string name);

    void PutRole(AuthRole role);

    void DeleteRole(string name);

    void SaveEnabled(bool enabled);

    void SaveRevision(ulong revision);
}
