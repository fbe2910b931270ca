using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Engine.Membership;

/// <summary>
/// Member and cluster ids derived exactly as etcd derives them, so the same flags give the same ids:
/// a member id is the first 8 bytes (big-endian) of SHA-1 over its sorted peer URLs joined, the cluster
/// token and (when adding a member at runtime) the Unix time in seconds; a cluster id is the first 8
/// bytes of SHA-1 over the sorted member ids, each as 8 big-endian bytes.
/// </summary>
public static class MemberIdentity
{
    public static ulong ComputeMemberId(IEnumerable<string> peerUrls, string clusterToken, DateTimeOffset? now = null)
    {
        var sorted = peerUrls.ToList();
        sorted.Sort(StringComparer.Ordinal);
        var text = new StringBuilder(string.Concat(sorted)).Append(clusterToken);
        if (now is DateTimeOffset at)
        {
            text.Append(at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        return FirstEightBytes(SHA1.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static ulong ComputeClusterId(IEnumerable<ulong> memberIds)
    {
        var sorted = memberIds.ToList();
        sorted.Sort();
        var bytes = new byte[8 * sorted.Count];
        for (int i = 0; i < sorted.Count; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8 * i), sorted[i]);
        }

        return FirstEightBytes(SHA1.HashData(bytes));
    }

    /// <summary>An id as etcd prints it: lowercase hex without leading zeros.</summary>
    public static string ToHex(ulong id) => id.ToString("x", CultureInfo.InvariantCulture);

    private static ulong FirstEightBytes(byte[] hash) => BinaryPrimitives.ReadUInt64BigEndian(hash);
}
