using Engine.Protocol;

namespace Engine.Server.Entries;

/// <summary>
/// The binary (version 1) raft-entry format of FORMAT.md: <c>0xB1, kind, id (fixed64 LE), body</c>.
/// Field order inside each body is fixed; flags pack the booleans; nothing is optional except through
/// the null markers of byte strings and lists, so a decoded request equals the encoded one field by field.
/// </summary>
internal static class RaftRequestBinary
{
    private enum Kind : byte
    {
        None = 0,
        Put = 1,
        DeleteRange = 2,
        Txn = 3,
        Compaction = 4,
        LeaseGrant = 5,
        LeaseRevoke = 6,
        LeaseCheckpoint = 7,
        Alarm = 8,
        MemberAttributes = 9,
        ClusterVersion = 10,
        Downgrade = 11,
    }

    /// <summary>Writes <paramref name="request"/>; false when more than one request is set (the JSON form carries that).</summary>
    public static bool TryWrite(RequestBinaryWriter w, RaftRequest request)
    {
        Kind kind = KindOf(request, out int set);
        if (set > 1)
        {
            return false;
        }

        w.Byte(RaftRequestCodec.BinaryV1);
        w.Byte((byte)kind);
        w.Fixed64(request.Id);
        switch (kind)
        {
            case Kind.Put: WritePut(w, request.Put!); break;
            case Kind.DeleteRange: WriteDeleteRange(w, request.DeleteRange!); break;
            case Kind.Txn: WriteTxn(w, request.Txn!); break;
            case Kind.Compaction:
                w.Byte(request.Compaction!.Physical ? (byte)1 : (byte)0);
                w.Varint(request.Compaction.Revision);
                break;
            case Kind.LeaseGrant:
                w.Varint(request.LeaseGrant!.TTL);
                w.Varint(request.LeaseGrant.ID);
                break;
            case Kind.LeaseRevoke: w.Varint(request.LeaseRevoke!.ID); break;
            case Kind.LeaseCheckpoint: WriteCheckpoints(w, request.LeaseCheckpoint!); break;
            case Kind.Alarm:
                w.Byte(request.Alarm!.Activate ? (byte)1 : (byte)0);
                w.Fixed64(request.Alarm.MemberId);
                w.Varint(request.Alarm.Alarm);
                break;
            case Kind.MemberAttributes: WriteMemberAttributes(w, request.MemberAttributes!); break;
            case Kind.ClusterVersion: w.Text(request.ClusterVersion!.Version); break;
            case Kind.Downgrade:
                w.Byte(request.Downgrade!.Enabled ? (byte)1 : (byte)0);
                w.Text(request.Downgrade.Version);
                break;
        }

        return true;
    }

    public static RaftRequest Read(ReadOnlySpan<byte> data)
    {
        var r = new RequestBinaryReader(data);
        r.Byte(); // the format byte, checked by the caller
        var kind = (Kind)r.Byte();
        var request = new RaftRequest { Id = r.Fixed64() };
        switch (kind)
        {
            case Kind.None: break;
            case Kind.Put: request.Put = ReadPut(ref r); break;
            case Kind.DeleteRange: request.DeleteRange = ReadDeleteRange(ref r); break;
            case Kind.Txn: request.Txn = ReadTxn(ref r, depth: 0); break;
            case Kind.Compaction: request.Compaction = new CompactionRequest { Physical = (r.Byte() & 1) != 0, Revision = r.Varint() }; break;
            case Kind.LeaseGrant: request.LeaseGrant = new LeaseGrantRequest { TTL = r.Varint(), ID = r.Varint() }; break;
            case Kind.LeaseRevoke: request.LeaseRevoke = new LeaseRevokeRequest { ID = r.Varint() }; break;
            case Kind.LeaseCheckpoint: request.LeaseCheckpoint = ReadCheckpoints(ref r); break;
            case Kind.Alarm: request.Alarm = new AlarmChange { Activate = (r.Byte() & 1) != 0, MemberId = r.Fixed64(), Alarm = r.Int32() }; break;
            case Kind.MemberAttributes: request.MemberAttributes = ReadMemberAttributes(ref r); break;
            case Kind.ClusterVersion: request.ClusterVersion = new ClusterVersionSet { Version = r.Text() ?? "" }; break;
            case Kind.Downgrade: request.Downgrade = new DowngradeInfoSet { Enabled = (r.Byte() & 1) != 0, Version = r.Text() ?? "" }; break;
            default: throw new InvalidDataException($"raft request: unknown kind {(byte)kind}");
        }

        if (!r.AtEnd)
        {
            throw new InvalidDataException($"raft request: trailing bytes after a {kind} request");
        }

        return request;
    }

    private static Kind KindOf(RaftRequest request, out int set)
    {
        set = 0;
        Kind kind = Kind.None;
        Note(request.Put, Kind.Put, ref kind, ref set);
        Note(request.DeleteRange, Kind.DeleteRange, ref kind, ref set);
        Note(request.Txn, Kind.Txn, ref kind, ref set);
        Note(request.Compaction, Kind.Compaction, ref kind, ref set);
        Note(request.LeaseGrant, Kind.LeaseGrant, ref kind, ref set);
        Note(request.LeaseRevoke, Kind.LeaseRevoke, ref kind, ref set);
        Note(request.LeaseCheckpoint, Kind.LeaseCheckpoint, ref kind, ref set);
        Note(request.Alarm, Kind.Alarm, ref kind, ref set);
        Note(request.MemberAttributes, Kind.MemberAttributes, ref kind, ref set);
        Note(request.ClusterVersion, Kind.ClusterVersion, ref kind, ref set);
        Note(request.Downgrade, Kind.Downgrade, ref kind, ref set);
        return kind;
    }

    private static void Note(object? field, Kind candidate, ref Kind kind, ref int set)
    {
        if (field is not null)
        {
            kind = candidate;
            set++;
        }
    }

    private static void WritePut(RequestBinaryWriter w, PutRequest put)
    {
        w.Byte((byte)((put.PrevKv ? 1 : 0) | (put.IgnoreValue ? 2 : 0) | (put.IgnoreLease ? 4 : 0)));
        w.Bytes(put.Key);
        w.Bytes(put.Value);
        w.Varint(put.Lease);
    }

    private static PutRequest ReadPut(ref RequestBinaryReader r)
    {
        byte flags = r.Byte();
        return new PutRequest
        {
            PrevKv = (flags & 1) != 0, IgnoreValue = (flags & 2) != 0, IgnoreLease = (flags & 4) != 0,
            Key = r.Bytes(), Value = r.Bytes(), Lease = r.Varint(),
        };
    }

    private static void WriteDeleteRange(RequestBinaryWriter w, DeleteRangeRequest delete)
    {
        w.Byte(delete.PrevKv ? (byte)1 : (byte)0);
        w.Bytes(delete.Key);
        w.Bytes(delete.RangeEnd);
    }

    private static DeleteRangeRequest ReadDeleteRange(ref RequestBinaryReader r) =>
        new() { PrevKv = (r.Byte() & 1) != 0, Key = r.Bytes(), RangeEnd = r.Bytes() };

    private static void WriteRange(RequestBinaryWriter w, RangeRequest range)
    {
        w.Byte((byte)((range.Serializable ? 1 : 0) | (range.KeysOnly ? 2 : 0) | (range.CountOnly ? 4 : 0)));
        w.Bytes(range.Key);
        w.Bytes(range.RangeEnd);
        w.Varint(range.Limit);
        w.Varint(range.Revision);
        w.Varint((long)range.SortOrder);
        w.Varint((long)range.SortTarget);
        w.Varint(range.MinModRevision);
        w.Varint(range.MaxModRevision);
        w.Varint(range.MinCreateRevision);
        w.Varint(range.MaxCreateRevision);
    }

    private static RangeRequest ReadRange(ref RequestBinaryReader r)
    {
        byte flags = r.Byte();
        return new RangeRequest
        {
            Serializable = (flags & 1) != 0, KeysOnly = (flags & 2) != 0, CountOnly = (flags & 4) != 0,
            Key = r.Bytes(), RangeEnd = r.Bytes(), Limit = r.Varint(), Revision = r.Varint(),
            SortOrder = (SortOrder)r.Int32(), SortTarget = (SortTarget)r.Int32(),
            MinModRevision = r.Varint(), MaxModRevision = r.Varint(),
            MinCreateRevision = r.Varint(), MaxCreateRevision = r.Varint(),
        };
    }

    private static void WriteTxn(RequestBinaryWriter w, TxnRequest txn)
    {
        w.Count(txn.Compare);
        foreach (var compare in txn.Compare ?? [])
        {
            w.Varint((long)compare.Result);
            w.Varint((long)compare.Target);
            w.Bytes(compare.Key);
            w.Bytes(compare.RangeEnd);
            w.Varint(compare.Version);
            w.Varint(compare.CreateRevision);
            w.Varint(compare.ModRevision);
            w.Bytes(compare.Value);
            w.Varint(compare.Lease);
        }

        WriteOps(w, txn.Success);
        WriteOps(w, txn.Failure);
    }

    private static TxnRequest ReadTxn(ref RequestBinaryReader r, int depth)
    {
        if (depth > 64)
        {
            throw new InvalidDataException("raft request: txn nested deeper than 64");
        }

        var txn = new TxnRequest();
        int compares = r.Count();
        if (compares >= 0)
        {
            txn.Compare = new List<Compare>(compares);
            for (int i = 0; i < compares; i++)
            {
                txn.Compare.Add(new Compare
                {
                    Result = (CompareResult)r.Int32(), Target = (CompareTarget)r.Int32(),
                    Key = r.Bytes(), RangeEnd = r.Bytes(), Version = r.Varint(), CreateRevision = r.Varint(),
                    ModRevision = r.Varint(), Value = r.Bytes(), Lease = r.Varint(),
                });
            }
        }

        txn.Success = ReadOps(ref r, depth);
        txn.Failure = ReadOps(ref r, depth);
        return txn;
    }

    /// <summary>Each op: a presence mask (1 range, 2 put, 4 delete range, 8 txn), then the present requests in that order.</summary>
    private static void WriteOps(RequestBinaryWriter w, List<RequestOp>? ops)
    {
        w.Count(ops);
        foreach (var op in ops ?? [])
        {
            w.Byte((byte)((op.RequestRange is null ? 0 : 1) | (op.RequestPut is null ? 0 : 2)
                | (op.RequestDeleteRange is null ? 0 : 4) | (op.RequestTxn is null ? 0 : 8)));
            if (op.RequestRange is { } range)
            {
                WriteRange(w, range);
            }

            if (op.RequestPut is { } put)
            {
                WritePut(w, put);
            }

            if (op.RequestDeleteRange is { } delete)
            {
                WriteDeleteRange(w, delete);
            }

            if (op.RequestTxn is { } nested)
            {
                WriteTxn(w, nested);
            }
        }
    }

    private static List<RequestOp>? ReadOps(ref RequestBinaryReader r, int depth)
    {
        int count = r.Count();
        if (count < 0)
        {
            return null;
        }

        var ops = new List<RequestOp>(count);
        for (int i = 0; i < count; i++)
        {
            byte mask = r.Byte();
            if (mask > 15)
            {
                throw new InvalidDataException($"raft request: bad op mask {mask}");
            }

            var op = new RequestOp();
            op.RequestRange = (mask & 1) != 0 ? ReadRange(ref r) : null;
            op.RequestPut = (mask & 2) != 0 ? ReadPut(ref r) : null;
            op.RequestDeleteRange = (mask & 4) != 0 ? ReadDeleteRange(ref r) : null;
            op.RequestTxn = (mask & 8) != 0 ? ReadTxn(ref r, depth + 1) : null;
            ops.Add(op);
        }

        return ops;
    }

    private static void WriteMemberAttributes(RequestBinaryWriter w, MemberAttributesChange change)
    {
        w.Fixed64(change.MemberId);
        w.Text(change.Name);
        w.Count(change.ClientUrls);
        foreach (string? url in change.ClientUrls ?? [])
        {
            w.Text(url);
        }
    }

    private static MemberAttributesChange ReadMemberAttributes(ref RequestBinaryReader r)
    {
        var change = new MemberAttributesChange { MemberId = r.Fixed64(), Name = r.Text() };
        int count = r.Count();
        if (count >= 0)
        {
            change.ClientUrls = new List<string>(count);
            for (int i = 0; i < count; i++)
            {
                change.ClientUrls.Add(r.Text() ?? throw new InvalidDataException("raft request: null client URL"));
            }
        }

        return change;
    }

    private static void WriteCheckpoints(RequestBinaryWriter w, LeaseCheckpointRequest request)
    {
        w.Count(request.Checkpoints);
        foreach (var checkpoint in request.Checkpoints ?? [])
        {
            w.Varint(checkpoint.Id);
            w.Varint(checkpoint.RemainingTtl);
        }
    }

    private static LeaseCheckpointRequest ReadCheckpoints(ref RequestBinaryReader r)
    {
        int count = r.Count();
        if (count < 0)
        {
            return new LeaseCheckpointRequest();
        }

        var list = new List<LeaseCheckpoint>(count);
        for (int i = 0; i < count; i++)
        {
            list.Add(new LeaseCheckpoint { Id = r.Varint(), RemainingTtl = r.Varint() });
        }

        return new LeaseCheckpointRequest { Checkpoints = list };
    }
}
