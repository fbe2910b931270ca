using System.Text;
using Engine.TestKit;

namespace Engine.Storage.Backend.Tests;

/// <summary>The per-bucket buffers (etcd tx_buffer.go semantics, with tombstones for deletes), checked against a sorted model.</summary>
public sealed class BucketBufferTests
{
    [Fact]
    public void Buffer_stays_sorted_and_newer_writes_win_against_a_sorted_dictionary_model()
    {
        Seeds.Run(50, seed =>
        {
            var random = new Random(seed);
            var buffer = new BucketBuffer();
            var model = new SortedDictionary<string, string?>(StringComparer.Ordinal);
            for (int i = 0; i < 300; i++)
            {
                string key = $"k{random.Next(60):D3}";
                string? value = random.Next(4) == 0 ? null : $"v{i}";
                buffer.Put(Encoding.ASCII.GetBytes(key), value is null ? null : Encoding.ASCII.GetBytes(value));
                model[key] = value;
            }

            AssertMatches(model, buffer);
        });
    }

    [Fact]
    public void Ascending_appends_take_the_append_path_and_lower_bound_finds_range_starts()
    {
        var buffer = new BucketBuffer(1);
        for (int i = 0; i < 100; i++)
        {
            buffer.Put(Encoding.ASCII.GetBytes($"r{i:D4}"), [(byte)i]);
        }

        Assert.Equal(100, buffer.Count);
        Assert.Equal(10, buffer.LowerBound("r0010"u8));
        Assert.Equal(11, buffer.LowerBound("r0010x"u8));
        Assert.Equal(0, buffer.LowerBound("a"u8));
        Assert.Equal(100, buffer.LowerBound("s"u8));
    }

    [Fact]
    public void A_clone_is_unaffected_by_later_writes_to_the_original()
    {
        var buffer = new BucketBuffer();
        buffer.Put("a"u8.ToArray(), "1"u8.ToArray());
        var clone = buffer.Clone();
        buffer.Put("a"u8.ToArray(), null);
        buffer.Put("b"u8.ToArray(), "2"u8.ToArray());
        Assert.Equal(1, clone.Count);
        Assert.Equal("1"u8.ToArray(), clone.ValueAt(0));
        Assert.Null(buffer.ValueAt(0));
    }

    [Fact]
    public void Draining_a_write_buffer_into_the_read_buffer_applies_it_in_order_and_empties_it()
    {
        Seeds.Run(30, seed =>
        {
            var random = new Random(seed);
            var read = new BufferSet();
            var model = new SortedDictionary<string, string?>(StringComparer.Ordinal);
            for (int round = 0; round < 10; round++)
            {
                var write = new BufferSet();
                for (int i = 0; i < 40; i++)
                {
                    string key = $"k{random.Next(30):D2}";
                    string? value = random.Next(3) == 0 ? null : $"{round}-{i}";
                    write.Put(1, Encoding.ASCII.GetBytes(key), value is null ? null : Encoding.ASCII.GetBytes(value));
                    model[key] = value;
                }

                read.DrainFrom(write);
                Assert.True(write.IsEmpty);
            }

            AssertMatches(model, read.Get(1)!);
            var snapshot = read.Snapshot();
            read.Clear();
            Assert.Null(read.Get(1));
            AssertMatches(model, snapshot.Get(1)!);
        });
    }

    private static void AssertMatches(SortedDictionary<string, string?> model, BucketBuffer buffer)
    {
        Assert.Equal(model.Count, buffer.Count);
        int index = 0;
        foreach (var (key, value) in model)
        {
            Assert.Equal(key, Encoding.ASCII.GetString(buffer.KeyAt(index)));
            byte[]? actual = buffer.ValueAt(index);
            Assert.Equal(value, actual is null ? null : Encoding.ASCII.GetString(actual));
            Assert.Equal(index, buffer.Find(Encoding.ASCII.GetBytes(key)));
            index++;
        }
    }
}
