using System.Buffers.Binary;
using System.Text;
using Engine.Protocol;

namespace Engine.Auth.Storage;

/// <summary>
/// The binary values of the <c>authUsers</c> and <c>authRoles</c> buckets and the <c>auth</c> bucket's
/// <c>authEnabled</c>/<c>authRevision</c> (layout in FORMAT.md beside this file). Decoding rejects anything
/// malformed with <see cref="InvalidDataException"/> naming what was wrong.
/// </summary>
public static class AuthRecordCodec
{
    public const byte Version = 1;

    /// <summary>Key of the <c>auth</c> bucket holding 1 (on) or 0 (off), as etcd.</summary>
    public static readonly byte[] EnabledKey = "authEnabled"u8.ToArray();

    /// <summary>Key of the <c>auth</c> bucket holding the revision, 8 bytes big-endian, as etcd.</summary>
    public static readonly byte[] RevisionKey = "authRevision"u8.ToArray();

    public static byte[] EncodeEnabled(bool enabled) => [enabled ? (byte)1 : (byte)0];

    public static bool DecodeEnabled(ReadOnlySpan<byte> value) => value.Length == 1 && value[0] == 1;

    public static byte[] EncodeRevision(ulong revision)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, revision);
        return bytes;
    }

    public static ulong DecodeRevision(ReadOnlySpan<byte> value) =>
        value.Length == 8 ? BinaryPrimitives.ReadUInt64BigEndian(value) : throw new InvalidDataException($"authRevision is {value.Length} bytes, expected 8");

    public static byte[] EncodeUser(AuthUser user)
    {
        var w = new RecordWriter();
        w.Byte(Version);
        w.Bytes(Encoding.UTF8.GetBytes(user.Name));
        w.Byte(user.NoPassword ? (byte)1 : (byte)0);
        w.Bytes(user.PasswordHash ?? []);
        w.Count(user.Roles.Count);
        foreach (string role in user.Roles)
        {
            w.Bytes(Encoding.UTF8.GetBytes(role));
        }

        return w.ToArray();
    }

    public static AuthUser DecodeUser(ReadOnlySpan<byte> value)
    {
        var r = new RecordReader(value, "user");
        r.ExpectVersion(Version);
        string name = r.String();
        bool noPassword = r.Flag();
        byte[] hash = r.Bytes();
        int count = r.Count();
        var roles = new string[count];
        for (int i = 0; i < count; i++)
        {
            roles[i] = r.String();
        }

        r.ExpectEnd();
        return new AuthUser(name, noPassword || hash.Length == 0 ? null : hash, noPassword, roles);
    }

    public static byte[] EncodeRole(AuthRole role)
    {
        var w = new RecordWriter();
        w.Byte(Version);
        w.Bytes(Encoding.UTF8.GetBytes(role.Name));
        w.Count(role.Permissions.Count);
        foreach (var perm in role.Permissions)
        {
            w.Byte((byte)perm.Type);
            w.Bytes(perm.Key);
            w.Bytes(perm.RangeEnd);
        }

        return w.ToArray();
    }

    public static AuthRole DecodeRole(ReadOnlySpan<byte> value)
    {
        var r = new RecordReader(value, "role");
        r.ExpectVersion(Version);
        string name = r.String();
        int count = r.Count();
        var perms = new KeyPermission[count];
        for (int i = 0; i < count; i++)
        {
            byte type = r.Byte();
            if (type > (byte)PermissionType.ReadWrite)
            {
                throw new InvalidDataException($"role {name}: permission type {type} is unknown");
            }

            perms[i] = new KeyPermission((PermissionType)type, r.Bytes(), r.Bytes());
        }

        r.ExpectEnd();
        return new AuthRole(name, perms);
    }
}
