using Engine.Protocol;

namespace Engine.Mvcc.Tests;

/// <summary>The key-bucket encodings of FORMAT.md.</summary>
public sealed class CodecTests
{
    [Fact]
    public void Revision_key_is_17_bytes_big_endian_with_an_18th_tombstone_mark()
    {
        var key = RevisionKey.ToBytes(new Revision(0x0102, 3));
        Assert.Equal("0000000000000102" + "5F" + "0000000000000003", Convert.ToHexString(key));
        var tomb = RevisionKey.ToBytes(new Revision(5, 0), tombstone: true);
        Assert.Equal(18, tomb.Length);
        Assert.Equal((byte)'t', tomb[17]);
        Assert.True(RevisionKey.IsTombstone(tomb));
        Assert.False(RevisionKey.IsTombstone(key));
        Assert.Equal(new Revision(5, 0), RevisionKey.Read(tomb));
    }

    [Fact]
    public void Revision_keys_sort_bytewise_in_revision_order()
    {
        var revisions = new[] { new Revision(1, 0), new Revision(1, 1), new Revision(2, 0), new Revision(255, 0), new Revision(256, 0), new Revision(256, 300) };
        var sorted = revisions.Select(r => RevisionKey.ToBytes(r)).OrderBy(b => b, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).Select(b => RevisionKey.Read(b));
        Assert.Equal(revisions, sorted);
    }

    [Fact]
    public void Key_value_record_round_trips_every_field()
    {
        var random = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            var kv = new KeyValue
            {
                Key = RandomBytes(random, 1 + random.Next(40)),
                Value = RandomBytes(random, random.Next(300)),
                CreateRevision = random.NextInt64(0, long.MaxValue),
                ModRevision = random.NextInt64(0, long.MaxValue),
                Version = random.Next(0, 100_000),
                Lease = i % 3 == 0 ? 0 : random.NextInt64(long.MinValue, long.MaxValue),
            };
            var back = KeyValueCodec.Decode(KeyValueCodec.Encode(kv));
            Assert.Equal(Support.Json.Of(kv), Support.Json.Of(back));
        }
    }

    [Fact]
    public void Key_value_record_with_unknown_format_or_truncation_is_corruption()
    {
        var bytes = KeyValueCodec.Encode(new KeyValue { Key = "abc"u8.ToArray(), Value = [1], CreateRevision = 300 });
        Assert.Throws<FormatException>(() => KeyValueCodec.Decode(bytes.AsSpan(0, 3)));
        bytes[0] = 9;
        Assert.Throws<FormatException>(() => KeyValueCodec.Decode(bytes));
    }

    private static byte[] RandomBytes(Random random, int n)
    {
        var b = new byte[n];
        random.NextBytes(b);
        return b;
    }
}
