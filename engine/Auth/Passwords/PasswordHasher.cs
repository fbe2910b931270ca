using System.Text;

namespace Engine.Auth.Passwords;

/// <summary>
/// bcrypt password hashes (BCrypt.Net-Next; "$2a$"/"$2b$"/"$2y$" hashes as Go's x/crypto/bcrypt writes and reads):
/// hashing happens on the member that receives UserAdd/UserChangePassword, before proposing, so raft entries and
/// the db hold only hashes. Clear-text passwords are never stored or logged.
/// </summary>
public static class PasswordHasher
{
    /// <summary>etcd's --bcrypt-cost default.</summary>
    public const int DefaultCost = 10;
    public const int MinCost = 4;
    public const int MaxCost = 31;

    /// <summary>The cost to use: etcd falls back to the default for an out-of-range one.</summary>
    public static int EffectiveCost(int cost) => cost is < MinCost or > MaxCost ? DefaultCost : cost;

    /// <summary>Hashes <paramref name="password"/> with a fresh salt; the hash as its ASCII bytes.</summary>
    public static byte[] Hash(string password, int cost) =>
        Encoding.ASCII.GetBytes(BCrypt.Net.BCrypt.HashPassword(password, EffectiveCost(cost)));

    /// <summary>Whether <paramref name="password"/> matches <paramref name="hash"/>; false for a malformed hash.</summary>
    public static bool Verify(string password, byte[] hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, Encoding.ASCII.GetString(hash));
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Decodes a client-supplied <c>hashedPassword</c> (base64 of a bcrypt hash, etcd 3.5+); null when it is
    /// not base64 or not a bcrypt hash.
    /// </summary>
    public static byte[]? DecodeSuppliedHash(string hashedPassword)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(hashedPassword);
        }
        catch (FormatException)
        {
            return null;
        }

        return IsBcryptHash(bytes) ? bytes : null;
    }

    /// <summary>"$2a$NN$" + 53 characters of bcrypt's base64.</summary>
    public static bool IsBcryptHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != 60 || hash[0] != '$' || hash[1] != '2' || hash[3] != '$' || hash[6] != '$')
        {
            return false;
        }

        return hash[2] is (byte)'a' or (byte)'b' or (byte)'y' && char.IsAsciiDigit((char)hash[4]) && char.IsAsciiDigit((char)hash[5]);
    }
}
