using System.Buffers.Binary;
using Engine.Common.IO;
using Engine.Membership;
using Engine.Mvcc;
using Engine.Storage.Backend;
using Engine.Storage.BTree;
using Engine.Storage.BTree.Format;
using Engine.Storage.Schema;

namespace Engine.Server.Recovery;

/// <summary>
/// The db half of a restore: checks the copied file structurally, then in one commit makes it the new
/// cluster's db — <c>members</c> and <c>members_removed</c> hold exactly the new members, the applied raft
/// point (consistent index, term, conf state) is the plan's, and with <c>--bump-revision</c> the latest
/// revision is raised (a key-bucket record with an empty value, etcd's marker; <c>--mark-compacted</c> also
/// schedules a compaction at it). Keys, leases, alarms, auth and the cluster bucket are left as they are.
/// </summary>
internal static class RestoredDb
{
    /// <summary>Refuses a file that is not a sound Engine db; returns its latest revision (0 for no keys).</summary>
    public static long Verify(string dbPath, string snapshotPath)
    {
        RequireEngineMagic(dbPath, snapshotPath);
        try
        {
            using var db = BTreeDatabase.Open(PosixFileSystem.Instance, dbPath);
            var problems = db.Check();
            if (problems.Count > 0)
            {
                throw new InvalidDataException($"snapshot {snapshotPath}: the db is corrupt: {string.Join("; ", problems.Take(5))}");
            }

            using var read = db.BeginRead();
            long latest = 0;
            if (read.BucketExists(Buckets.Key.Id))
            {
                using var cursor = read.OpenCursor(Buckets.Key.Id);
                if (cursor.Last())
                {
                    latest = RevisionKey.Read(cursor.Key).Main;
                }
            }

            return Math.Max(latest, MetaRevision(read, MetaKeys.ScheduledCompactRevision));
        }
        catch (Exception error) when (error is not InvalidDataException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"snapshot {snapshotPath}: not a readable Engine db ({error.Message}); an etcd snapshot is brought over with 'engine tool import-etcd'", error);
        }
    }

    /// <summary>
    /// Opening a file without a valid meta that is at most four pages long would initialise it as a new db: refuse
    /// any file whose first or second meta page does not carry the Engine magic (an etcd bbolt file gets a hint).
    /// </summary>
    private static void RequireEngineMagic(string dbPath, string snapshotPath)
    {
        const int metaRecordOffset = 32;
        const uint boltMagic = 0xED0CDAED;
        using var file = File.OpenRead(dbPath);
        Span<byte> page = stackalloc byte[36];
        bool engine = false;
        bool bolt = false;
        foreach (long offset in new long[] { 0, 4096 })
        {
            file.Position = offset;
            if (file.ReadAtLeast(page, page.Length, throwOnEndOfStream: false) == page.Length)
            {
                engine |= BinaryPrimitives.ReadUInt32LittleEndian(page[metaRecordOffset..]) == MetaRecord.MagicValue;
                bolt |= BinaryPrimitives.ReadUInt32LittleEndian(page[16..]) == boltMagic;
            }
        }

        if (!engine)
        {
            throw new InvalidDataException(bolt
                ? $"snapshot {snapshotPath}: an etcd (bbolt) db, not an Engine db: bring it over with 'engine tool import-etcd'"
                : $"snapshot {snapshotPath}: not a readable Engine db (no Engine meta page): the file is corrupt or not a snapshot");
        }
    }

    /// <summary>Rewrites membership, the applied point and the revision bump in one commit; returns the latest revision after it.</summary>
    public static long Rewrite(string dbPath, RestorePlan plan, long latestRevision, RestoreOptions options)
    {
        using var backend = Backend.Open(PosixFileSystem.Instance, dbPath);
        var tx = backend.BatchTx;
        tx.Lock();
        try
        {
            ClearBucket(tx, Buckets.Members);
            ClearBucket(tx, Buckets.MembersRemoved);
            var registry = new MemberRegistry();
            foreach (var member in plan.Members)
            {
                registry.UpsertLocked(tx, member);
            }

            if (options.BumpRevision > 0)
            {
                latestRevision += options.BumpRevision;
                var bumped = new Revision(latestRevision, 0);
                tx.PutLocked(Buckets.Key, RevisionKey.ToBytes(bumped), ReadOnlySpan<byte>.Empty);
                if (options.MarkCompacted)
                {
                    tx.PutLocked(Buckets.Meta, MetaKeys.ScheduledCompactRevision, RevisionKey.ToBytes(bumped));
                }
            }

            var conf = new ConfStateRecord(plan.ConfState.Voters, plan.ConfState.Learners, [], [], false);
            tx.SetAppliedStateLocked(plan.Index, plan.Term, ConfStateCodec.Encode(conf));
        }
        finally
        {
            tx.Unlock();
        }

        backend.ForceCommit();
        return latestRevision;
    }

    private static void ClearBucket(BatchTx tx, Bucket bucket)
    {
        var keys = new List<byte[]>();
        tx.RangeLocked(bucket, [0], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 0, (key, _) =>
        {
            keys.Add(key.ToArray());
            return true;
        });
        foreach (byte[] key in keys)
        {
            tx.DeleteLocked(bucket, key);
        }
    }

    private static long MetaRevision(ReadTransaction read, ReadOnlySpan<byte> name) =>
        read.BucketExists(Buckets.Meta.Id) && read.TryGet(Buckets.Meta.Id, name, out var value) && value.Length == RevisionKey.Length
            ? RevisionKey.Read(value).Main
            : 0;
}
