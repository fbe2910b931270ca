namespace Engine.Storage.BTree.Tests;

/// <summary>The dumb model the B+tree is compared with: buckets of sorted dictionaries.</summary>
public sealed class Model
{
    public Dictionary<int, SortedDictionary<byte[], byte[]>> Buckets { get; } = new();

    public Model Clone()
    {
        var copy = new Model();
        foreach (var (id, bucket) in Buckets)
        {
            copy.Buckets[id] = new SortedDictionary<byte[], byte[]>(bucket, ByteArrayComparer.Instance);
        }

        return copy;
    }

    public static SortedDictionary<byte[], byte[]> NewBucket() => new(ByteArrayComparer.Instance);

    /// <summary>Asserts <paramref name="tx"/> holds exactly this model (every bucket, forward and backward).</summary>
    public void AssertEqual(ReadTransaction tx, int maxBucketId)
    {
        for (int id = 1; id <= maxBucketId; id++)
        {
            Assert.Equal(Buckets.ContainsKey(id), tx.BucketExists(id));
        }

        foreach (var (id, bucket) in Buckets)
        {
            using var cursor = tx.OpenCursor(id);
            var expected = bucket.ToList();
            int i = 0;
            for (bool ok = cursor.First(); ok; ok = cursor.Next(), i++)
            {
                Assert.True(i < expected.Count, $"bucket {id}: more keys than the model ({expected.Count})");
                Assert.Equal(expected[i].Key, cursor.Key.ToArray());
                Assert.Equal(expected[i].Value, cursor.Value.ToArray());
            }

            Assert.Equal(expected.Count, i);
            i = expected.Count - 1;
            for (bool ok = cursor.Last(); ok; ok = cursor.Prev(), i--)
            {
                Assert.Equal(expected[i].Key, cursor.Key.ToArray());
            }

            Assert.Equal(-1, i);
            foreach (var (key, value) in expected)
            {
                Assert.True(tx.TryGet(id, key, out var got), $"bucket {id}: key missing");
                Assert.Equal(value, got.ToArray());
            }
        }
    }
}
