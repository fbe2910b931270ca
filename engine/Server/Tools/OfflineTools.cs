using System.Text;
using Engine.Common.IO;
using Engine.Mvcc;
using Engine.Server.Maintenance;
using Engine.Storage.Backend;
using Engine.Storage.BTree;
using Engine.Storage.Schema;
using Engine.Wal;

namespace Engine.Server.Tools;

/// <summary>
/// The offline tools behind <c>engine tool …</c> (etcdutl's and bbolt's shape): structural check of a db
/// file, a dump of its buckets and keys, a dump of a WAL directory, the status of a snapshot file, and an
/// offline defragment of a data directory. They open files directly; never run them on a live member's files.
/// </summary>
public static class OfflineTools
{
    /// <summary>Path of the db file inside a data directory (etcd's layout).</summary>
    public static string DbPath(string dataDir) => Path.Combine(dataDir, "member", "snap", "db");

    /// <summary>Path of the WAL directory inside a data directory.</summary>
    public static string WalPath(string dataDir) => Path.Combine(dataDir, "member", "wal");

    /// <summary>Structural check of a db file: every page reachable once or free, keys sorted, metas valid. Empty = OK.</summary>
    public static IReadOnlyList<string> CheckDb(string dbPath)
    {
        RequireFile(dbPath);
        using var db = BTreeDatabase.Open(PosixFileSystem.Instance, dbPath);
        return db.Check();
    }

    /// <summary>Writes every catalogue bucket with its keys (revisions decoded in the key bucket) to <paramref name="output"/>.</summary>
    public static void DumpDb(string dbPath, TextWriter output)
    {
        RequireFile(dbPath);
        using var db = BTreeDatabase.Open(PosixFileSystem.Instance, dbPath);
        using var read = db.BeginRead();
        foreach (var bucket in Buckets.All)
        {
            if (!read.BucketExists(bucket.Id))
            {
                continue;
            }

            output.WriteLine($"bucket {bucket.Name} (id {bucket.Id})");
            using var cursor = read.OpenCursor(bucket.Id);
            for (bool ok = cursor.First(); ok; ok = cursor.Next())
            {
                output.WriteLine("  " + Describe(bucket, cursor.Key, cursor.Value));
            }
        }
    }

    /// <summary>Writes every WAL record readably; returns the problems found (empty = a clean log).</summary>
    public static IReadOnlyList<string> DumpWal(string walDir, TextWriter output) =>
        WalInspector.Dump(PosixFileSystem.Instance, walDir, output);

    /// <summary>etcdutl snapshot status: hash, revision, total keys, total size and version of a snapshot (db ‖ sha256) or a raw db.</summary>
    public static SnapshotStatus SnapshotStatus(string snapshotPath)
    {
        string temp = Path.Combine(Path.GetTempPath(), $"engine-snapshot-{Guid.NewGuid():N}.db");
        try
        {
            RequireFile(snapshotPath);
            bool raw = !Recovery.SnapshotFile.HasHashTrailer(new FileInfo(snapshotPath).Length); // status reads raw dbs too; a trailer is verified
            long size = Recovery.SnapshotFile.CopyDb(snapshotPath, temp, skipHashCheck: raw);
            using var backend = Backend.Open(PosixFileSystem.Instance, temp);
            long totalKeys = 0;
            long revision = 0;
            using (var read = backend.ConcurrentReadTx())
            {
                foreach (var bucket in Buckets.All)
                {
                    read.ForEach(bucket, (key, _) =>
                    {
                        totalKeys++;
                        if (bucket == Buckets.Key)
                        {
                            revision = Math.Max(revision, RevisionKey.Read(key).Main);
                        }

                        return true;
                    });
                }
            }

            return new SnapshotStatus(backend.Hash(), revision, totalKeys, size, BuildInfo.StorageVersion);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Offline defragment of a data directory's db (etcdutl defrag --data-dir).</summary>
    public static (long Before, long After) Defragment(string dataDir)
    {
        RequireFile(DbPath(dataDir));
        using var backend = Backend.Open(PosixFileSystem.Instance, DbPath(dataDir));
        long before = backend.Size;
        backend.Defragment();
        return (before, backend.Size);
    }

    /// <summary>The tools never create a file: opening a missing db would make an empty one.</summary>
    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }
    }

    private static string Describe(Bucket bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (bucket == Buckets.Key && key.Length >= 17 && value.IsEmpty)
        {
            return $"rev={{{RevisionKey.Read(key).Main} {RevisionKey.Read(key).Sub}}} revision-bump marker";
        }

        if (bucket == Buckets.Key && key.Length >= 17)
        {
            var revision = RevisionKey.Read(key);
            string tomb = RevisionKey.IsTombstone(key) ? " tombstone" : "";
            var kv = KeyValueCodec.Decode(value, withValue: false);
            return $"rev={{{revision.Main} {revision.Sub}}}{tomb} key={Printable(kv.Key)} create={kv.CreateRevision} mod={kv.ModRevision} version={kv.Version} lease={kv.Lease} value_bytes={value.Length}";
        }

        return $"key={Printable(key)} value={(value.Length <= 64 ? Printable(value) : $"<{value.Length} bytes>")}";
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (b < 0x20 || b > 0x7E)
            {
                return "0x" + Convert.ToHexString(bytes).ToLowerInvariant();
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }
}
