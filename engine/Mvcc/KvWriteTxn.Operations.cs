using Engine.Protocol;
using Engine.Storage.Schema;

namespace Engine.Mvcc;

/// <summary>The single-key and range operations of the write view (etcd kvstore_txn.go put/delete/deleteRange).</summary>
public sealed partial class KvWriteTxn
{
    internal Outcome<RangeResponse> RangeUnchecked(RangeRequest r) =>
        RangeExecutor.Execute(r, ViewRevision, _compactRevision, _store.Index, LoadLocked);

    /// <summary>etcd's put preconditions: a known lease, and a live key when ignore_value or ignore_lease is set.</summary>
    internal EtcdError? CheckPutPreconditions(PutRequest r)
    {
        if (r.Lease != 0 && _store.Options.Leases?.Exists(r.Lease) != true)
        {
            return EtcdErrors.LeaseNotFound;
        }

        if ((r.IgnoreValue || r.IgnoreLease) && Current(r.Key!) is null)
        {
            return EtcdErrors.KeyNotFound;
        }

        return null;
    }

    internal PutResponse PutUnchecked(PutRequest r)
    {
        var response = new PutResponse { Header = new ResponseHeader() };
        var value = r.Value ?? [];
        long lease = r.Lease;
        if (r.IgnoreValue || r.IgnoreLease || r.PrevKv)
        {
            // The key was checked to exist before the txn ran; an earlier operation of the same txn may have deleted
            // it (etcd panics the member there). Here that put writes an empty value / no lease.
            var previous = Current(r.Key!);
            if (r.IgnoreValue)
            {
                value = previous?.Value ?? [];
            }

            if (r.IgnoreLease)
            {
                lease = previous?.Lease ?? 0;
            }

            if (r.PrevKv)
            {
                response.PrevKv = previous;
            }
        }

        response.Header.Revision = WritePut(r.Key!, value, lease);
        return response;
    }

    internal DeleteRangeResponse DeleteRangeUnchecked(DeleteRangeRequest r)
    {
        var response = new DeleteRangeResponse { Header = new ResponseHeader() };
        if (r.PrevKv)
        {
            var previous = RangeUnchecked(new RangeRequest { Key = r.Key, RangeEnd = r.RangeEnd }).Value!;
            response.PrevKvs = previous.Kvs;
        }

        var end = RangeExecutor.IndexEnd(r.RangeEnd);
        var keys = _store.Index.Keys(r.Key!, end, ViewRevision);
        foreach (var ki in keys)
        {
            WriteDelete(ki.Key, ki.Lease);
        }

        response.Deleted = keys.Count;
        response.Header.Revision = ViewRevision;
        return response;
    }

    /// <summary>The live key-value of <paramref name="key"/> as this view sees it, or null.</summary>
    private KeyValue? Current(byte[] key)
    {
        var found = RangeUnchecked(new RangeRequest { Key = key }).Value;
        return found?.Kvs is [var kv, ..] ? kv : null;
    }

    private long WritePut(byte[] key, byte[] value, long lease)
    {
        long rev = _beginRevision + 1;
        var idxRev = new Revision(rev, _changes.Count);
        long created = rev;
        long oldLease = 0;
        if (_store.Index.TryGet(key, rev, out _, out var createdRev, out long version, out long previousLease))
        {
            created = createdRev.Main;
            oldLease = previousLease;
        }

        version++;
        var kv = new KeyValue { Key = key, Value = value, CreateRevision = created, ModRevision = rev, Version = version, Lease = lease };
        byte[] buffer = new byte[KeyValueCodec.MaxEncodedLength(key.Length, value.Length)];
        int n = KeyValueCodec.Encode(key, created, rev, version, lease, value, buffer);
        Span<byte> revKey = stackalloc byte[RevisionKey.Length];
        RevisionKey.Write(idxRev, tombstone: false, revKey);
        _store.Backend.PutLocked(Buckets.Key, revKey, buffer.AsSpan(0, n));
        _store.Index.Put(key, idxRev).Lease = lease;
        _changes.Add(new Event { Type = EventType.Put, Kv = kv });
        if (oldLease != lease)
        {
            var leases = _store.Options.Leases;
            if (oldLease != 0)
            {
                leases?.Detach(oldLease, key);
            }

            if (lease != 0)
            {
                leases?.Attach(lease, key);
            }
        }

        return rev;
    }

    private void WriteDelete(byte[] key, long lease)
    {
        long rev = _beginRevision + 1;
        var idxRev = new Revision(rev, _changes.Count);
        byte[] buffer = new byte[KeyValueCodec.MaxEncodedLength(key.Length, 0)];
        int n = KeyValueCodec.Encode(key, 0, 0, 0, 0, [], buffer);
        Span<byte> revKey = stackalloc byte[RevisionKey.TombstoneLength];
        RevisionKey.Write(idxRev, tombstone: true, revKey);
        _store.Backend.PutLocked(Buckets.Key, revKey, buffer.AsSpan(0, n));
        _store.Index.Tombstone(key, idxRev);
        _changes.Add(new Event { Type = EventType.Delete, Kv = new KeyValue { Key = key, ModRevision = rev } });
        if (lease != 0)
        {
            _store.Options.Leases?.Detach(lease, key);
        }
    }

    private KeyValue? LoadLocked(Revision revision)
    {
        Span<byte> revKey = stackalloc byte[RevisionKey.Length];
        RevisionKey.Write(revision, tombstone: false, revKey);
        KeyValue? found = null;
        _store.Backend.RangeLocked(Buckets.Key, revKey, default, 0, (_, v) =>
        {
            found = KeyValueCodec.Decode(v);
            return false;
        });
        return found;
    }
}
