using Engine.Storage.Schema;
using Engine.TestKit.IO;
using static Engine.Storage.Backend.Tests.Harness;

namespace Engine.Storage.Backend.Tests;

/// <summary>
/// A seeded stream of "applied raft entries" (puts and deletes over two buckets plus the entry's index, term
/// and sometimes a conf state), the model state after each entry, and the checks a recovered db must pass:
/// its data equals the model at its recovered consistent_index, which is at least the last acknowledged one.
/// </summary>
internal sealed class CrashWorkload
{
    private readonly List<Entry> _entries = [];
    private readonly List<SortedDictionary<string, string>> _states = [];

    public CrashWorkload(int seed, int entryCount)
    {
        var random = new Random(seed);
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        _states.Add(new SortedDictionary<string, string>(state, StringComparer.Ordinal));
        for (int i = 1; i <= entryCount; i++)
        {
            var ops = new List<(Bucket Bucket, string Key, string? Value)>();
            int opCount = random.Next(4);
            for (int j = 0; j < opCount; j++)
            {
                var bucket = random.Next(4) == 0 ? Buckets.Lease : Buckets.Key;
                string key = $"{random.Next(30):D2}" + new string('x', random.Next(3) == 0 ? 300 : 4);
                string? value = random.Next(4) == 0 ? null : $"{i}.{j}" + new string('v', random.Next(200));
                ops.Add((bucket, key, value));
                string modelKey = $"{bucket.Id}/{key}";
                if (value is null)
                {
                    state.Remove(modelKey);
                }
                else
                {
                    state[modelKey] = value;
                }
            }

            byte[] conf = random.Next(10) == 0 ? ConfStateCodec.Encode(new ConfStateRecord([1, (ulong)i], [], [], [], false)) : [];
            _entries.Add(new Entry((ulong)i, 1 + (ulong)i / 10, ops, conf, random.Next(12) == 0));
            _states.Add(new SortedDictionary<string, string>(state, StringComparer.Ordinal));
        }
    }

    public int Count => _entries.Count;

    /// <summary>Applies entries [from, to) as the apply loop would, recording in <paramref name="ack"/> the last index known durable.</summary>
    public void Apply(Backend backend, int from, int to, Ack ack)
    {
        for (int i = from; i < to; i++)
        {
            var entry = _entries[i];
            long commits = backend.BatchTx.Commits;
            backend.BatchTx.Lock();
            try
            {
                foreach (var (bucket, key, value) in entry.Ops)
                {
                    if (value is null)
                    {
                        backend.BatchTx.DeleteLocked(bucket, B(key));
                    }
                    else
                    {
                        backend.BatchTx.PutLocked(bucket, B(key), B(value));
                    }
                }

                backend.BatchTx.SetAppliedStateLocked(entry.Index, entry.Term, entry.Conf);
            }
            finally
            {
                backend.BatchTx.Unlock();
            }

            if (backend.BatchTx.Commits != commits)
            {
                ack.Index = entry.Index;
            }

            if (entry.ForceCommitAfter)
            {
                backend.ForceCommit();
                ack.Index = entry.Index;
            }
        }
    }

    /// <summary>Opens the recovered db and checks data, conf state and structure against the model.</summary>
    public void VerifyRecovered(CrashFileSystem rebooted, ulong acked, string context)
    {
        using var backend = Backend.Open(rebooted, DbPath, SmallManual(10_000));
        var applied = backend.ReadAppliedState();
        ulong index = applied.ConsistentIndex;
        Assert.True(index >= acked, $"{context}: recovered consistent_index {index} is older than the acknowledged {acked}");
        Assert.True(index <= (ulong)Count, $"{context}: consistent_index {index} beyond the workload");
        var expected = _states[(int)index];
        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var bucket in new[] { Buckets.Key, Buckets.Lease })
        {
            foreach (var (key, value) in ReadAll(backend, bucket))
            {
                actual[$"{bucket.Id}/{key}"] = value;
            }
        }

        if (!expected.SequenceEqual(actual))
        {
            Assert.Fail($"{context}: data does not match consistent_index {index}: expected {expected.Count} keys, found {actual.Count}");
        }

        if (index > 0)
        {
            Assert.Equal(1 + index / 10, applied.Term);
        }

        Assert.True(LastConfAtOrBefore(index).AsSpan().SequenceEqual(applied.ConfState), $"{context}: confState does not match index {index}");
        var problems = backend.Check();
        Assert.True(problems.Count == 0, $"{context}: structural check: {string.Join("; ", problems)}");
    }

    private byte[] LastConfAtOrBefore(ulong index)
    {
        for (int i = (int)index; i >= 1; i--)
        {
            if (_entries[i - 1].Conf.Length > 0)
            {
                return _entries[i - 1].Conf;
            }
        }

        return [];
    }

    /// <summary>The last applied index whose commit has returned (is durable).</summary>
    public sealed class Ack
    {
        public ulong Index { get; set; }
    }

    private sealed record Entry(ulong Index, ulong Term, List<(Bucket Bucket, string Key, string? Value)> Ops, byte[] Conf, bool ForceCommitAfter);
}
