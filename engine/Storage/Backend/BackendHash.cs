using Engine.Storage.BTree;
using Engine.Storage.Schema;

namespace Engine.Storage.Backend;

/// <summary>
/// etcd's backend Hash: CRC-32C over each existing bucket in ascending name-byte order, writing the bucket
/// name, then every key and value in key order, skipping the meta keys that differ between identical members.
/// </summary>
internal static class BackendHash
{
    private static readonly Bucket[] ByName = [.. Buckets.All.OrderBy(b => b.Name, StringComparer.Ordinal)];

    public static uint Compute(ReadTransaction tx)
    {
        var crc = new Crc32C();
        foreach (var bucket in ByName)
        {
            if (!tx.BucketExists(bucket.Id))
            {
                continue;
            }

            crc.Append(bucket.NameBytes.Span);
            using var cursor = tx.OpenCursor(bucket.Id);
            for (bool has = cursor.First(); has; has = cursor.Next())
            {
                if (MetaKeys.IsIgnoredByHash(bucket, cursor.Key))
                {
                    continue;
                }

                crc.Append(cursor.Key);
                crc.Append(cursor.Value);
            }
        }

        return crc.Value;
    }
}
