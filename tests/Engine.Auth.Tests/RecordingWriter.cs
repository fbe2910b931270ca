using Engine.Auth.Storage;

namespace Engine.Auth.Tests;

/// <summary>An <see cref="IAuthStorageWriter"/> keeping what a backend would hold (encoded as the real codec does).</summary>
public sealed class RecordingWriter : IAuthStorageWriter
{
    public Dictionary<string, byte[]> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, byte[]> Roles { get; } = new(StringComparer.Ordinal);

    public bool Enabled { get; private set; }

    public ulong Revision { get; private set; }

    public int Writes { get; private set; }

    public void PutUser(AuthUser user) => Write(() => Users[user.Name] = AuthRecordCodec.EncodeUser(user));

    public void DeleteUser(string name) => Write(() => Users.Remove(name));

    public void PutRole(AuthRole role) => Write(() => Roles[role.Name] = AuthRecordCodec.EncodeRole(role));

    public void DeleteRole(string name) => Write(() => Roles.Remove(name));

    public void SaveEnabled(bool enabled) => Write(() => Enabled = enabled);

    public void SaveRevision(ulong revision) => Write(() => Revision = revision);

    /// <summary>What a restarted member would load.</summary>
    public AuthStoreContents Contents() => new(
        Enabled, Revision,
        [.. Users.Values.Select(v => AuthRecordCodec.DecodeUser(v))],
        [.. Roles.Values.Select(v => AuthRecordCodec.DecodeRole(v))]);

    private void Write(Action write)
    {
        write();
        Writes++;
    }
}
