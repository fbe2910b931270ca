using System.Buffers.Binary;
using Engine.Common.IO;

namespace Engine.Storage.BTree;

/// <summary>
/// Whole-database copies under one read transaction: <see cref="CopyTo"/> streams the file as of the
/// snapshot (used by snapshots); <see cref="CompactTo"/> rewrites the live data into a new, dense file
/// (used by defragment).
/// </summary>
internal static unsafe class DatabaseCopier
{
    private const int Chunk = 1 << 20;
    private const long CompactBatchBytes = 32L << 20;

    public static void CopyTo(ReadTransaction tx, Stream destination, Action<long, long>? progress)
    {
        int pageSize = tx.PageSize;
        long total = (long)tx.Meta.HighWater * pageSize;
        // The snapshot's meta goes in its slot and an older twin in the other, so the copy opens at exactly this transaction.
        var meta = tx.Meta;
        var primary = MetaPages.Build(meta, pageSize);
        var older = MetaPages.Build(meta with { Txid = meta.Txid - 1 }, pageSize);
        destination.Write(meta.Txid % 2 == 0 ? primary : older);
        destination.Write(meta.Txid % 2 == 0 ? older : primary);
        long done = 2L * pageSize;
        progress?.Invoke(done, total);
        while (done < total)
        {
            int length = (int)Math.Min(Chunk, total - done);
            destination.Write(new ReadOnlySpan<byte>(tx.Base + done, length));
            done += length;
            progress?.Invoke(done, total);
        }

        destination.Flush();
    }

    public static void CompactTo(ReadTransaction tx, IFileSystem fs, string destinationPath, BTreeOptions options, Action<long, long>? progress, long totalEstimate)
    {
        if (fs.FileExists(destinationPath))
        {
            fs.DeleteFile(destinationPath);
        }

        using var target = BTreeDatabase.Open(fs, destinationPath, options);
        var buckets = ListBuckets(tx);
        long done = 0;
        foreach (int bucketId in buckets)
        {
            var write = target.BeginWrite();
            try
            {
                write.CreateBucket(bucketId);
                using var cursor = tx.OpenCursor(bucketId);
                long batch = 0;
                for (bool ok = cursor.First(); ok; ok = cursor.Next())
                {
                    write.Put(bucketId, cursor.Key, cursor.Value);
                    long size = cursor.Key.Length + cursor.Value.Length;
                    batch += size;
                    done += size;
                    if (batch >= CompactBatchBytes)
                    {
                        write.Commit();
                        write = target.BeginWrite();
                        batch = 0;
                        progress?.Invoke(done, Math.Max(done, totalEstimate));
                    }
                }

                write.Commit();
            }
            finally
            {
                write.Dispose();
            }

            progress?.Invoke(done, Math.Max(done, totalEstimate));
        }

        progress?.Invoke(done, done);
    }

    /// <summary>The ids of every bucket in the snapshot, in order.</summary>
    internal static List<int> ListBuckets(ReadTransaction tx)
    {
        var ids = new List<int>();
        var directory = new TreeView(tx.Meta.DirectoryRoot, writable: false);
        using var cursor = new BTreeCursor(tx, directory);
        for (bool ok = cursor.First(); ok; ok = cursor.Next())
        {
            ids.Add(BinaryPrimitives.ReadInt32BigEndian(cursor.Key));
        }

        return ids;
    }
}
