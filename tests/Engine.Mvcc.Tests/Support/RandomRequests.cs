using Engine.Protocol;

namespace Engine.Mvcc.Tests.Support;

/// <summary>Random KV requests over a small key space, covering every option (and invalid combinations now and then).</summary>
public sealed class RandomRequests(Random random)
{
    private static readonly string[] Keys = ["a", "a/1", "a/2", "a/3", "b", "b/1", "c", "d", "e\u00ff", "f"];

    public byte[] Key() => random.Next(60) == 0 ? [] : B(Keys[random.Next(Keys.Length)]);

    public byte[] Value() => random.Next(8) == 0 ? [] : B($"v{random.Next(1000)}");

    /// <summary>A range end for <paramref name="key"/>: none, prefix, from-key, an arbitrary key, or all keys.</summary>
    public byte[]? End(ref byte[] key)
    {
        switch (random.Next(10))
        {
            case < 4: return null;
            case < 6: return PrefixEnd(key);
            case 6: return [0];
            case 7: key = [0]; return [0];
            default: return B(Keys[random.Next(Keys.Length)]);
        }
    }

    public RangeRequest Range(long current, long compacted)
    {
        var key = Key();
        var r = new RangeRequest { Key = key, RangeEnd = End(ref key) };
        r.Key = key;
        r.Limit = random.Next(3) == 0 ? random.Next(0, 4) : 0;
        r.Revision = random.Next(3) == 0 ? random.NextInt64(Math.Max(0, compacted - 1), current + 2) : 0;
        if (random.Next(3) == 0)
        {
            r.SortOrder = (SortOrder)random.Next(0, random.Next(40) == 0 ? 4 : 3);
            r.SortTarget = (SortTarget)random.Next(0, 5);
        }

        r.KeysOnly = random.Next(6) == 0;
        r.CountOnly = random.Next(10) == 0;
        if (random.Next(5) == 0)
        {
            r.MinModRevision = random.Next(2) == 0 ? 0 : random.NextInt64(0, current + 1);
            r.MaxModRevision = random.Next(2) == 0 ? 0 : random.NextInt64(0, current + 1);
            r.MinCreateRevision = random.Next(2) == 0 ? 0 : random.NextInt64(0, current + 1);
            r.MaxCreateRevision = random.Next(2) == 0 ? 0 : random.NextInt64(0, current + 1);
        }

        return r;
    }

    public PutRequest Put()
    {
        var r = new PutRequest { Key = Key(), Value = Value(), PrevKv = random.Next(3) == 0 };
        switch (random.Next(12))
        {
            case 0: r.IgnoreValue = true; r.Value = random.Next(4) == 0 ? r.Value : null; break;
            case 1: r.IgnoreLease = true; break;
            case 2: r.IgnoreLease = true; r.IgnoreValue = true; r.Value = null; break;
            case 3:
            case 4: r.Lease = random.Next(1, 4); break;
        }

        if (r.IgnoreLease && random.Next(4) == 0)
        {
            r.Lease = 1;
        }

        return r;
    }

    public DeleteRangeRequest Delete()
    {
        var key = Key();
        var end = End(ref key);
        return new DeleteRangeRequest { Key = key, RangeEnd = end, PrevKv = random.Next(2) == 0 };
    }

    public TxnRequest Txn(long current, long compacted, int depth = 0)
    {
        var r = new TxnRequest { Compare = [], Success = [], Failure = [] };
        for (int i = random.Next(0, 4); i > 0; i--)
        {
            r.Compare.Add(Compare(current));
        }

        Fill(r.Success, current, compacted, depth);
        Fill(r.Failure, current, compacted, depth);
        return r;
    }

    private void Fill(List<RequestOp> ops, long current, long compacted, int depth)
    {
        for (int i = random.Next(0, 4); i > 0; i--)
        {
            ops.Add(random.Next(depth < 2 ? 9 : 8) switch
            {
                < 3 => new RequestOp { RequestRange = Range(current, compacted) },
                < 6 => new RequestOp { RequestPut = Put() },
                < 8 => new RequestOp { RequestDeleteRange = Delete() },
                _ => new RequestOp { RequestTxn = Txn(current, compacted, depth + 1) },
            });
        }
    }

    private Compare Compare(long current)
    {
        var key = Key();
        var c = new Compare { Key = key, Result = (CompareResult)random.Next(0, 4), Target = (CompareTarget)random.Next(0, 5) };
        if (random.Next(4) == 0)
        {
            c.RangeEnd = End(ref key);
            c.Key = key;
        }

        switch (c.Target)
        {
            case CompareTarget.Value: c.Value = Value(); break;
            case CompareTarget.Version: c.Version = random.Next(0, 4); break;
            case CompareTarget.Create: c.CreateRevision = random.NextInt64(0, current + 1); break;
            case CompareTarget.Mod: c.ModRevision = random.NextInt64(0, current + 1); break;
            default: c.Lease = random.Next(0, 3); break;
        }

        return c;
    }

    private static byte[] PrefixEnd(byte[] key)
    {
        var end = (byte[])key.Clone();
        for (int i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xFF)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }

        return [0];
    }

    private static byte[] B(string s) => System.Text.Encoding.Latin1.GetBytes(s);
}
