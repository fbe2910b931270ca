using Engine.Mvcc.Index;
using Engine.Storage.Schema;

namespace Engine.Mvcc;

/// <summary>
/// Rebuilds a store's state on open (etcd kvstore.go restore): reads the finished and scheduled compaction
/// revisions from meta, scans the key bucket in revision order into the key index, derives the current
/// revision, re-attaches live keys to their leases, and says whether an interrupted compaction must resume.
/// </summary>
internal static class KvRestorer
{
    public sealed record Result(long CurrentRevision, long CompactRevision, long? ResumeCompactionAt);

    public static Result Restore(KvStore store)
    {
        using var tx = store.Backend.ConcurrentReadTx();
        long finished = ReadMetaRevision(tx, MetaKeys.FinishedCompactRevision) ?? -1;
        long? scheduled = ReadMetaRevision(tx, MetaKeys.ScheduledCompactRevision);
        long current = 1;
        // The key bucket is in revision order, so a key's records are scattered: find a key's entry by its bytes
        // (a span lookup, no copy), and build the ordered index once at the end.
        var byKey = new Dictionary<byte[], KeyIndex>(KeyBytesEquality.Instance);
        var lookup = byKey.GetAlternateLookup<ReadOnlySpan<byte>>();
        tx.Range(Buckets.Key, new byte[RevisionKey.Length], [0xFF], 0, (k, v) =>
        {
            var rev = RevisionKey.Read(k);
            current = rev.Main;
            if (v.IsEmpty)
            {
                return true; // a revision-bump marker (etcdutl snapshot restore --bump-revision): raises the revision, holds no key
            }

            var h = KeyValueCodec.DecodeHeader(v);
            var keySpan = v.Slice(h.KeyOffset, h.KeyLength);
            bool tombstone = RevisionKey.IsTombstone(k);
            if (lookup.TryGetValue(keySpan, out var ki))
            {
                if (tombstone)
                {
                    ki.Tombstone(rev);
                }
                else
                {
                    ki.Put(rev);
                    ki.Lease = h.Lease;
                }
            }
            else if (!tombstone)
            {
                ki = new KeyIndex(keySpan.ToArray());
                ki.Restore(new Revision(h.CreateRevision, 0), rev, h.Version);
                ki.Lease = h.Lease;
                byKey.Add(ki.Key, ki);
            }

            return true;
        });

        store.Index.Load(byKey.Values);
        current = Math.Max(current, Math.Max(finished, scheduled ?? -1));
        AttachLeases(store, byKey.Values);
        long? resume = scheduled > finished ? scheduled : null;
        return new Result(current, finished, resume);
    }

    private static void AttachLeases(KvStore store, IEnumerable<KeyIndex> keys)
    {
        var leases = store.Options.Leases;
        if (leases is null)
        {
            return;
        }

        foreach (var ki in keys)
        {
            if (ki.Lease != 0 && ki.IsAlive)
            {
                leases.Attach(ki.Lease, ki.Key);
            }
        }
    }

    private static long? ReadMetaRevision(Storage.IKvReadTx tx, ReadOnlySpan<byte> name)
    {
        if (!tx.TryGet(Buckets.Meta, name, out var value))
        {
            return null;
        }

        return RevisionKey.Read(value).Main;
    }
}
