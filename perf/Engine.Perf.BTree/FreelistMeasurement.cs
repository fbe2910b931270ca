using System.Diagnostics;
using Engine.Common.IO;
using Engine.Storage.BTree;

/// <summary>
/// Issue 3 (c): the freelist persisted in each commit page vs rebuilt on open by a page walk, measured on a
/// fragmented file (N keys loaded in order, then every other key deleted in random order, 1,000
/// deletes per commit). Prints FREELIST lines (stdout): open time, rebuild-walk time, free runs, commit-page
/// size, and single-put commit rate on the fragmented file and on its compacted copy, side by side.
/// </summary>
internal static class FreelistMeasurement
{
    private const int Bucket = 1;

    public static void Run(string path, int n, byte[] key, byte[] value, Action<long> setKey, Action<long> setValue)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        using (var db = BTreeDatabase.Open(PosixFileSystem.Instance, path))
        {
            Load(db, n, key, value, setKey, setValue);
            Fragment(db, n, key, setKey);
        }

        Reopen("fragmented", path);
        string compact = path + ".compact";
        double fragmentedRate, compactRate;
        using (var db = BTreeDatabase.Open(PosixFileSystem.Instance, path))
        {
            db.CompactTo(PosixFileSystem.Instance, compact);
            fragmentedRate = SinglePuts(db, n, key, value, setKey, setValue);
        }

        Reopen("fragmented-after-single-puts", path);
        using (var db = BTreeDatabase.Open(PosixFileSystem.Instance, compact))
        {
            compactRate = SinglePuts(db, n, key, value, setKey, setValue);
        }

        Reopen("compacted-after-single-puts", compact);
        Console.WriteLine($"FREELIST single_put_commits_per_s fragmented={fragmentedRate:F0} compacted={compactRate:F0} ratio={fragmentedRate / compactRate:F2}");
        File.Delete(path);
        File.Delete(compact);
    }

    /// <summary>Open time (median of 5), rebuild-walk time (median of 5), free runs and the last commit run's size.</summary>
    private static void Reopen(string label, string path)
    {
        var opens = new List<double>();
        var walks = new List<double>();
        int runs = 0;
        long freePages = 0;
        uint commitPages = 0;
        ulong highWater = 0;
        for (int round = 0; round < 5; round++)
        {
            var sw = Stopwatch.StartNew();
            using var db = BTreeDatabase.Open(PosixFileSystem.Instance, path);
            opens.Add(sw.Elapsed.TotalMilliseconds);
            using var tx = db.BeginRead();
            sw.Restart();
            var rebuilt = FreelistRebuilder.FreeRuns(tx);
            walks.Add(sw.Elapsed.TotalMilliseconds);
            runs = rebuilt.Count;
            freePages = rebuilt.Sum(r => (long)r.Count);
            commitPages = tx.Meta.CommitPages;
            highWater = tx.Meta.HighWater;
        }

        Console.WriteLine($"FREELIST file={label} free_runs={runs} free_pages={freePages} high_water={highWater} last_commit_run_pages={commitPages} open_ms_median={Median(opens):F2} rebuild_walk_ms_median={Median(walks):F2}");
    }

    private static void Load(BTreeDatabase db, int n, byte[] key, byte[] value, Action<long> setKey, Action<long> setValue)
    {
        using (var tx = db.BeginWrite())
        {
            tx.CreateBucket(Bucket);
            tx.Commit();
        }

        for (int start = 0; start < n; start += 1000)
        {
            using var tx = db.BeginWrite();
            for (int i = start; i < Math.Min(n, start + 1000); i++)
            {
                setKey(i);
                setValue(i);
                tx.Put(Bucket, key, value);
            }

            tx.Commit();
        }
    }

    /// <summary>Deletes every other key (the even ones) in random order, 1,000 deletes per commit.</summary>
    private static void Fragment(BTreeDatabase db, int n, byte[] key, Action<long> setKey)
    {
        var order = Enumerable.Range(0, n / 2).Select(i => 2 * i).ToArray();
        new Random(9).Shuffle(order);
        for (int start = 0; start < order.Length; start += 1000)
        {
            using var tx = db.BeginWrite();
            for (int x = start; x < Math.Min(order.Length, start + 1000); x++)
            {
                setKey(order[x]);
                tx.Delete(Bucket, key);
            }

            tx.Commit();
        }
    }

    private static double SinglePuts(BTreeDatabase db, int n, byte[] key, byte[] value, Action<long> setKey, Action<long> setValue)
    {
        const int Commits = 2000;
        var rng = new Random(5);
        var sw = Stopwatch.StartNew();
        for (int c = 0; c < Commits; c++)
        {
            long i = rng.Next(n / 2) * 2 + 1; // a kept (odd) key: an overwrite
            setKey(i);
            setValue(i);
            using var tx = db.BeginWrite();
            tx.Put(Bucket, key, value);
            tx.Commit();
        }

        return Commits / sw.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
