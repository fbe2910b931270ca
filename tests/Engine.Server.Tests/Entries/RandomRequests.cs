using Engine.Protocol;
using Engine.Server.Entries;

namespace Engine.Server.Tests.Entries;

/// <summary>Random raft requests of every kind, with nulls, empties, extreme numbers and nested txns.</summary>
internal static class RandomRequests
{
    public static RaftRequest Request(Random random)
    {
        var request = new RaftRequest { Id = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63) };
        switch (random.Next(10))
        {
            case 0: break;
            case 1: request.Put = Put(random); break;
            case 2: request.DeleteRange = Delete(random); break;
            case 3: request.Txn = Txn(random, depth: 0); break;
            case 4: request.Compaction = new CompactionRequest { Revision = Number(random), Physical = random.Next(2) == 0 }; break;
            case 5: request.LeaseGrant = new LeaseGrantRequest { TTL = Number(random), ID = Number(random) }; break;
            case 6: request.LeaseRevoke = new LeaseRevokeRequest { ID = Number(random) }; break;
            case 7:
                request.LeaseCheckpoint = new LeaseCheckpointRequest
                {
                    Checkpoints = random.Next(4) == 0 ? null
                        : Enumerable.Range(0, random.Next(5)).Select(_ => new LeaseCheckpoint { Id = Number(random), RemainingTtl = Number(random) }).ToList(),
                };
                break;
            case 8:
                request.MemberAttributes = new MemberAttributesChange
                {
                    MemberId = (ulong)random.NextInt64(), Name = random.Next(4) == 0 ? null : $"m-{random.Next()}-ü",
                    ClientUrls = List(random, () => $"http://10.0.0.{random.Next(256)}:{random.Next(65536)}"),
                };
                break;
            default:
                request.Alarm = new AlarmChange { Activate = random.Next(2) == 0, MemberId = (ulong)random.NextInt64(), Alarm = random.Next(-1, 3) };
                break;
        }

        return request;
    }

    public static TxnRequest Txn(Random random, int depth) => new()
    {
        Compare = List(random, () => new Compare
        {
            Result = (CompareResult)random.Next(4), Target = (CompareTarget)random.Next(5), Key = Bytes(random),
            RangeEnd = Bytes(random), Version = Number(random), CreateRevision = Number(random),
            ModRevision = Number(random), Value = Bytes(random), Lease = Number(random),
        }),
        Success = List(random, () => Op(random, depth)),
        Failure = List(random, () => Op(random, depth)),
    };

    private static RequestOp Op(Random random, int depth)
    {
        int mask = random.Next(1, depth < 2 ? 16 : 8);
        return new RequestOp
        {
            RequestRange = (mask & 1) != 0 ? Range(random) : null,
            RequestPut = (mask & 2) != 0 ? Put(random) : null,
            RequestDeleteRange = (mask & 4) != 0 ? Delete(random) : null,
            RequestTxn = (mask & 8) != 0 ? Txn(random, depth + 1) : null,
        };
    }

    private static PutRequest Put(Random random) => new()
    {
        Key = Bytes(random), Value = Bytes(random), Lease = Number(random),
        PrevKv = random.Next(2) == 0, IgnoreValue = random.Next(2) == 0, IgnoreLease = random.Next(2) == 0,
    };

    private static DeleteRangeRequest Delete(Random random) => new() { Key = Bytes(random), RangeEnd = Bytes(random), PrevKv = random.Next(2) == 0 };

    private static RangeRequest Range(Random random) => new()
    {
        Key = Bytes(random), RangeEnd = Bytes(random), Limit = Number(random), Revision = Number(random),
        SortOrder = (SortOrder)random.Next(3), SortTarget = (SortTarget)random.Next(5),
        Serializable = random.Next(2) == 0, KeysOnly = random.Next(2) == 0, CountOnly = random.Next(2) == 0,
        MinModRevision = Number(random), MaxModRevision = Number(random),
        MinCreateRevision = Number(random), MaxCreateRevision = Number(random),
    };

    private static List<T>? List<T>(Random random, Func<T> next) =>
        random.Next(5) == 0 ? null : Enumerable.Range(0, random.Next(4)).Select(_ => next()).ToList();

    private static byte[]? Bytes(Random random)
    {
        int length = random.Next(-1, 6) switch { -1 => -1, 0 => 0, 5 => random.Next(100, 400), _ => random.Next(1, 20) };
        if (length < 0)
        {
            return null;
        }

        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static long Number(Random random) => random.Next(6) switch
    {
        0 => 0,
        1 => long.MinValue,
        2 => long.MaxValue,
        3 => -random.NextInt64(1, 1000),
        _ => random.NextInt64(),
    };
}
