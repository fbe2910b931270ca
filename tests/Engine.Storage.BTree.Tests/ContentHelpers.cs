namespace Engine.Storage.BTree.Tests;

/// <summary>Builds a database with a known model and reads a database back for comparison.</summary>
public static class ContentHelpers
{
    public static Model Fill(BTreeDatabase db, int seed, int transactions, int buckets = 3)
    {
        var random = new Random(seed);
        var model = new Model();
        for (int t = 0; t < transactions; t++)
        {
            using var tx = db.BeginWrite();
            for (int i = 0; i < 60; i++)
            {
                int bucketId = random.Next(1, buckets + 1);
                if (!model.Buckets.TryGetValue(bucketId, out var bucket))
                {
                    tx.CreateBucket(bucketId);
                    bucket = Model.NewBucket();
                    model.Buckets[bucketId] = bucket;
                }

                var key = BitConverter.GetBytes(random.Next(2000));
                if (random.Next(4) == 0)
                {
                    tx.Delete(bucketId, key);
                    bucket.Remove(key);
                }
                else
                {
                    var value = new byte[random.Next(20) == 0 ? 6000 : random.Next(1, 150)];
                    random.NextBytes(value);
                    tx.Put(bucketId, key, value);
                    bucket[key] = value;
                }
            }

            tx.Commit();
        }

        return model;
    }

    public static Model ReadModel(BTreeDatabase db, int maxBucket = 8)
    {
        var model = new Model();
        using var tx = db.BeginRead();
        for (int id = 1; id <= maxBucket; id++)
        {
            if (!tx.BucketExists(id))
            {
                continue;
            }

            var bucket = Model.NewBucket();
            using var cursor = tx.OpenCursor(id);
            for (bool ok = cursor.First(); ok; ok = cursor.Next())
            {
                bucket[cursor.Key.ToArray()] = cursor.Value.ToArray();
            }

            model.Buckets[id] = bucket;
        }

        return model;
    }

    public static bool Same(Model a, Model b) =>
        a.Buckets.Count == b.Buckets.Count && a.Buckets.All(kv => b.Buckets.TryGetValue(kv.Key, out var other) &&
            kv.Value.Count == other.Count && kv.Value.Zip(other).All(p => p.First.Key.AsSpan().SequenceEqual(p.Second.Key) && p.First.Value.AsSpan().SequenceEqual(p.Second.Value)));
}
